#!/usr/bin/env node
// End-to-end checks of Mallard's OAuth 2.1 authorization server as an MCP client sees it: the
// official TypeScript SDK's OAuth support (StreamableHTTPClientTransport with an authProvider)
// gets its tokens, and a real headless Chromium signs the user in and allows the client, as a
// person would in their browser.
//
//   MALLARD_OAUTH_PASSWORD=... node oauth-test.mjs --url http://127.0.0.1:PORT/mcp --user alice \
//       --mode dcr|cimd [--granted-table sales.orders] [--denied-table hr.salaries]
//
// The server must run `--auth oauth` with private client metadata URLs allowed (tests only), and
// `--writes direct` or `confirm` so that query_rw exists for a token with the write scope. The
// user must be able to read the database of --granted-table and must not have the database of
// --denied-table granted. The password can also be given with --password.
//
// Modes: `dcr` registers the client with Dynamic Client Registration (RFC 7591), as a
// confidential client (client_secret_basic); `cimd` identifies the client by the URL of a Client
// ID Metadata Document that this program serves on 127.0.0.1 (a public client).
//
// Prints one line per check (`ok - name: detail` or `not ok - name: reason`), then a summary line
// starting with `#`; exits 1 if any check failed, 2 on bad arguments, 0 otherwise.

import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { CheckFailure, checkRunner, expect, show, textOf } from './checks.mjs';

const CHROMIUM = process.env.MALLARD_CHROMIUM ?? '/usr/bin/chromium';
// --disable-dev-shm-usage: containers often have a small /dev/shm, which crashes Chromium's renderers.
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'];
const CHECK_TIMEOUT_MS = 45_000;
const PAGE_TIMEOUT_MS = 15_000;
const HTTP_TIMEOUT_MS = 15_000;
// The whole run; the Java test allows more, so this program reports before it is killed.
const TOTAL_TIMEOUT_MS = 150_000;
const WRONG_PASSWORD_MESSAGE = 'Wrong user name or password.';

// What the browser does during an authorization (navigations, responses, failed requests, page
// errors) is traced: the trail is printed with a failure, so a failure in CI can be understood.
const { check, clearTrail, fail, note, skip, summary, trace, withTimeout } = checkRunner({
    timeoutMs: CHECK_TIMEOUT_MS, trailName: 'browser trail' });

// ---------------------------------------------------------------------------------------------
// HTTP helpers

async function httpFetch(url, init = {}) {
    return fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(HTTP_TIMEOUT_MS) });
}

async function jsonOf(response, what) {
    const text = await response.text();
    try {
        return JSON.parse(text);
    } catch {
        throw new CheckFailure(`${what}: HTTP ${response.status}, not JSON: ${show(text)}`);
    }
}

/** A token request the way a client makes it, authenticated as the client registered. */
async function tokenRequest(tokenEndpoint, clientInformation, params) {
    const body = new URLSearchParams(params);
    const headers = { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' };
    if (clientInformation.client_secret) {
        headers.Authorization = `Basic ${Buffer.from(`${encodeURIComponent(clientInformation.client_id)}:`
            + `${encodeURIComponent(clientInformation.client_secret)}`).toString('base64')}`;
    } else {
        body.set('client_id', clientInformation.client_id);
    }
    const response = await httpFetch(tokenEndpoint, { method: 'POST', headers, body });
    return { status: response.status, body: await jsonOf(response, `POST ${tokenEndpoint}`) };
}

/** What /mcp answers an initialize request sent with this access token: the status and the challenge. */
async function mcpWithToken(mcpUrl, accessToken) {
    const response = await httpFetch(mcpUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream',
            Authorization: `Bearer ${accessToken}` },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: {
            protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'probe', version: '1' } } }),
    });
    await response.body?.cancel().catch(() => {});
    return { status: response.status, challenge: response.headers.get('www-authenticate') ?? '' };
}

// ---------------------------------------------------------------------------------------------
// The client's own loopback server: the redirect URI (RFC 8252 section 7.3), and in cimd mode the
// Client ID Metadata Document. Also a page that tries to frame the login page.

class LoopbackServer {
    constructor() {
        this.callbacks = [];
        this.waiters = [];
        this.documentFetches = 0;
        this.document = undefined;
        this.framedUrl = undefined;
        this.server = createServer((request, response) => this.handle(request, response));
    }

    async start() {
        await new Promise((resolve, reject) => {
            this.server.once('error', reject);
            this.server.listen(0, '127.0.0.1', resolve);
        });
        this.origin = `http://127.0.0.1:${this.server.address().port}`;
        this.redirectUri = `${this.origin}/callback`;
        this.documentUrl = `${this.origin}/oauth-client.json`;
    }

    handle(request, response) {
        const url = new URL(request.url, this.origin);
        if (url.pathname === '/callback') {
            const callback = Object.fromEntries(url.searchParams);
            this.callbacks.push(callback);
            response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
            response.end('<!doctype html><title>Signed in</title><p>Authorization complete; you can close this window.');
            this.waiters.splice(0).forEach(resolve => resolve(callback));
        } else if (url.pathname === '/oauth-client.json' && this.document) {
            this.documentFetches++;
            response.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'max-age=60' });
            response.end(JSON.stringify(this.document));
        } else if (url.pathname === '/frame.html' && this.framedUrl) {
            const src = this.framedUrl.replaceAll('&', '&amp;').replaceAll('"', '&quot;');
            response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
            response.end(`<!doctype html><title>framing</title><iframe id="target" src="${src}"></iframe>`);
        } else {
            response.writeHead(404, { 'Content-Type': 'text/plain' });
            response.end('not found');
        }
    }

    /** The next request to the redirect URI. */
    nextCallback() {
        return new Promise(resolve => this.waiters.push(resolve));
    }

    async close() {
        this.server.closeAllConnections?.();
        await new Promise(resolve => this.server.close(resolve));
    }
}

// ---------------------------------------------------------------------------------------------
// The OAuthClientProvider: keeps everything in memory, like the SDK's InMemoryOAuthClientProvider
// example, and hands the authorization URL to whoever drives the browser.

class TestOAuthProvider {
    constructor({ redirectUri, clientMetadata, clientInformation }) {
        this._redirectUri = redirectUri;
        this._clientMetadata = clientMetadata;
        this._clientInformation = clientInformation;
        this._tokens = undefined;
        this._codeVerifier = undefined;
        this.redirects = [];
        this.savedTokens = 0;
        this.lastState = undefined;
        this.onRedirect = () => {
            throw new Error('the SDK asked for a browser authorization when none was expected');
        };
    }

    get redirectUrl() {
        return this._redirectUri;
    }

    get clientMetadata() {
        return this._clientMetadata;
    }

    state() {
        this.lastState = randomBytes(16).toString('base64url');
        return this.lastState;
    }

    clientInformation() {
        return this._clientInformation;
    }

    saveClientInformation(clientInformation) {
        this._clientInformation = clientInformation;
    }

    tokens() {
        return this._tokens;
    }

    saveTokens(tokens) {
        this._tokens = tokens;
        this.savedTokens++;
    }

    setTokens(tokens) {
        this._tokens = tokens;
    }

    redirectToAuthorization(authorizationUrl) {
        this.redirects.push(authorizationUrl);
        this.onRedirect(authorizationUrl);
    }

    saveCodeVerifier(codeVerifier) {
        this._codeVerifier = codeVerifier;
    }

    codeVerifier() {
        if (!this._codeVerifier) {
            throw new Error('No code verifier saved');
        }
        return this._codeVerifier;
    }

    invalidateCredentials(scope) {
        if (scope === 'all' || scope === 'tokens') {
            this._tokens = undefined;
        }
        if (scope === 'all' || scope === 'verifier') {
            this._codeVerifier = undefined;
        }
        if (scope === 'all' || scope === 'client') {
            this._clientInformation = undefined;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The browser

/** A fresh browser: Playwright gives it a new temporary profile, and each context starts empty. */
async function launchBrowser() {
    return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 30_000 });
}

/**
 * Drives one authorization in the browser, as a person would: opens the URL, signs in when asked
 * (first with a wrong password if asked to), allows the client on the consent page, and returns
 * what the client's redirect URI received, with what was seen on the way.
 */
async function authorizeInBrowser(context, loopback, authorizationUrl, { user, password, wrongPasswordFirst }) {
    clearTrail();
    trace('new page');
    const page = await withTimeout(context.newPage(), PAGE_TIMEOUT_MS, 'opening a browser page');
    page.setDefaultTimeout(PAGE_TIMEOUT_MS);
    page.setDefaultNavigationTimeout(PAGE_TIMEOUT_MS);
    page.on('request', request => {
        if (request.isNavigationRequest()) {
            trace(`${request.method()} ${show(request.url(), 120)}`);
        }
    });
    page.on('response', response => {
        if (response.request().isNavigationRequest()) {
            trace(`${response.status()} ${show(response.url(), 120)}`);
        }
    });
    page.on('requestfailed', request => trace(`failed ${show(request.url(), 120)}: ${request.failure()?.errorText}`));
    page.on('pageerror', error => trace(`page error ${show(error.message, 200)}`));
    page.on('console', message => {
        if (message.type() === 'error' || message.type() === 'warning') {
            trace(`console ${message.type()} ${show(message.text(), 200)}`);
        }
    });
    page.on('crash', () => trace('the page crashed'));
    const seen = { login: false, consent: false, wrongPassword: undefined, loginResponse: undefined,
        loginUrl: undefined, consentText: undefined };
    const callback = loopback.nextCallback();
    let callbackResult;
    callback.then(value => {
        callbackResult = value;
    });
    try {
        const first = await page.goto(authorizationUrl.toString(), { waitUntil: 'domcontentloaded' });
        let lastDocument = first;
        page.on('response', response => {
            if (response.request().isNavigationRequest() && response.frame() === page.mainFrame()) {
                lastDocument = response;
            }
        });
        for (let step = 0; step < 8; step++) {
            const state = await Promise.race([
                callback.then(() => 'callback'),
                page.waitForSelector('input[name=password]', { state: 'visible' }).then(() => 'login'),
                page.waitForSelector('button[name=decision][value=allow]', { state: 'visible' }).then(() => 'consent'),
            ].map(promise => promise.catch(() => 'timeout')));
            trace(`sees ${state} at ${show(page.url(), 120)}`);
            if (state === 'callback' || callbackResult) {
                return { callback: await callback, seen };
            }
            if (state === 'timeout') {
                throw new CheckFailure(`the browser is stuck at ${page.url()}: no login form, consent page or redirect `
                    + `to the client within ${PAGE_TIMEOUT_MS} ms; the page says: ${show(await bodyText(page), 500)}`);
            }
            if (state === 'login') {
                if (!seen.login) {
                    seen.login = true;
                    seen.loginUrl = page.url();
                    // Read now: a response's headers cannot be read once its page is closed.
                    seen.loginResponse = lastDocument && { url: lastDocument.url(), headers: await withTimeout(lastDocument.allHeaders(), 5000, 'reading the login page\'s headers') };
                }
                if (wrongPasswordFirst && seen.wrongPassword === undefined) {
                    await signIn(page, user, `${password}-wrong`);
                    seen.wrongPassword = await page.getByText(WRONG_PASSWORD_MESSAGE).first()
                        .waitFor({ state: 'visible', timeout: PAGE_TIMEOUT_MS })
                        .then(() => ({ shown: true }),
                            async () => ({ shown: false, text: await bodyText(page) }));
                    if (!seen.wrongPassword.shown) {
                        throw new CheckFailure(`after a wrong password the page (${page.url()}) does not say `
                            + `"${WRONG_PASSWORD_MESSAGE}": ${show(seen.wrongPassword.text, 500)}`);
                    }
                    continue;
                }
                await signIn(page, user, password);
                if (await page.getByText(WRONG_PASSWORD_MESSAGE).count() > 0) {
                    throw new CheckFailure(`the right password was refused: ${show(await bodyText(page), 300)}`);
                }
                continue;
            }
            // consent
            seen.consent = true;
            seen.consentText = await bodyText(page);
            const allow = page.locator('button[name=decision][value=allow]');
            expect(/allow/i.test(await allow.innerText()), `the allow button says ${show(await allow.innerText())}`);
            expect(await page.locator('button[name=decision][value=deny]').count() === 1,
                'the consent page has no button[name=decision][value=deny]');
            trace('click allow');
            await allow.click();
            trace('clicked allow');
            try {
                await withTimeout(callback, PAGE_TIMEOUT_MS, 'the redirect to the client after allowing');
            } catch (error) {
                throw new CheckFailure(`${error.message}; the page is at ${page.url()} and says: `
                    + `${show(await bodyText(page), 500)}`);
            }
            return { callback: await callback, seen };
        }
        throw new CheckFailure(`no redirect to the client after 8 pages; now at ${page.url()}`);
    } finally {
        await withTimeout(page.close(), 5000, 'closing the page').catch(() => {});
    }
}

async function signIn(page, user, password) {
    trace(`sign in as ${user}`);
    await page.fill('input[name=username]', user);
    await page.fill('input[name=password]', password);
    await Promise.all([
        page.waitForNavigation({ waitUntil: 'domcontentloaded', timeout: PAGE_TIMEOUT_MS }).catch(() => {}),
        page.getByRole('button', { name: 'Sign in' }).click(),
    ]);
}

async function bodyText(page) {
    return page.locator('body').innerText({ timeout: 5000 }).catch(error => `(no text: ${error.message})`);
}

// ---------------------------------------------------------------------------------------------
// MCP helpers

async function connect(url, provider) {
    const client = new Client({ name: 'mallard-oauth-test', version: '1.0.0' });
    const transport = new StreamableHTTPClientTransport(new URL(url), { authProvider: provider });
    await client.connect(transport, { timeout: 30_000 });
    return { client, transport };
}

async function closeQuietly(connection) {
    await connection?.client?.close().catch(() => {});
}

function decodeJwtPayload(token) {
    const parts = String(token).split('.');
    if (parts.length !== 3) {
        return undefined;
    }
    try {
        return JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    } catch {
        return undefined;
    }
}

// ---------------------------------------------------------------------------------------------
// The test

async function run(options) {
    const { url, user, password, mode } = options;
    const mcpUrl = new URL(url);
    const runId = randomBytes(4).toString('hex');
    const clientName = `Mallard OAuth test client (${mode} ${runId})`;
    const loopback = new LoopbackServer();
    await loopback.start();
    let browser;
    let context;
    const connections = [];
    try {
        // What the client registers or publishes about itself.
        const clientMetadata = {
            client_name: clientName,
            redirect_uris: [loopback.redirectUri],
            grant_types: ['authorization_code', 'refresh_token'],
            response_types: ['code'],
            token_endpoint_auth_method: mode === 'dcr' ? 'client_secret_basic' : 'none',
        };
        let clientInformation;
        if (mode === 'cimd') {
            // The SDK uses provider.clientMetadataUrl only when it is an https URL (SEP-991,
            // isHttpsUrl), and this test can only serve http://127.0.0.1. So the provider starts
            // with the document's URL as its client_id, which is what the SDK's CIMD path sets
            // too ({ client_id: clientMetadataUrl }); the server fetches the document either way.
            loopback.document = { client_id: loopback.documentUrl, ...clientMetadata };
            clientInformation = { client_id: loopback.documentUrl };
        }
        const provider = new TestOAuthProvider({ redirectUri: loopback.redirectUri, clientMetadata, clientInformation });

        // ---- discovery, by hand: what the SDK is about to rely on
        let asMetadata;
        let resourceMetadata;
        const discovered = await check('discovery: 401 challenge, protected resource and authorization server metadata', async () => {
            const response = await httpFetch(mcpUrl, {
                method: 'POST',
                headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
                body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: {
                    protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'probe', version: '1' } } }),
            });
            await response.text();
            expect(response.status === 401, `POST /mcp without a token answered ${response.status}, expected 401`);
            const challenge = response.headers.get('www-authenticate') ?? '';
            expect(/^Bearer /i.test(challenge), `WWW-Authenticate is ${show(challenge)}`);
            const link = /resource_metadata="([^"]+)"/.exec(challenge)?.[1];
            expect(link, `WWW-Authenticate has no resource_metadata: ${show(challenge)}`);
            expect(new URL(link).pathname === '/.well-known/oauth-protected-resource/mcp',
                `resource_metadata is ${link}, expected .../.well-known/oauth-protected-resource/mcp`);
            const prm = await httpFetch(link);
            resourceMetadata = await jsonOf(prm, link);
            expect(prm.status === 200, `GET ${link} answered ${prm.status}`);
            expect(resourceMetadata.resource === mcpUrl.href, `resource is ${show(resourceMetadata.resource)}, expected ${mcpUrl.href}`);
            const issuer = resourceMetadata.authorization_servers?.[0];
            expect(typeof issuer === 'string', `no authorization_servers in ${show(resourceMetadata)}`);
            const asUrl = `${new URL(issuer).origin}/.well-known/oauth-authorization-server${new URL(issuer).pathname.replace(/\/$/, '')}`;
            const as = await httpFetch(asUrl);
            asMetadata = await jsonOf(as, asUrl);
            expect(as.status === 200, `GET ${asUrl} answered ${as.status}`);
            expect(asMetadata.issuer === issuer, `issuer is ${show(asMetadata.issuer)}, expected ${issuer}`);
            expect(JSON.stringify(asMetadata.code_challenge_methods_supported) === '["S256"]',
                `code_challenge_methods_supported is ${show(asMetadata.code_challenge_methods_supported)}`);
            expect(asMetadata.client_id_metadata_document_supported === true,
                `client_id_metadata_document_supported is ${show(asMetadata.client_id_metadata_document_supported)}`);
            for (const field of ['authorization_endpoint', 'token_endpoint', 'registration_endpoint', 'revocation_endpoint', 'jwks_uri']) {
                expect(typeof asMetadata[field] === 'string', `no ${field} in the authorization server metadata`);
            }
            return `challenge ${show(challenge, 160)}; issuer ${issuer}`;
        });
        if (!discovered) {
            skip(['authorization'], 'the discovery documents are missing');
            return;
        }
        const issuer = asMetadata.issuer;
        const tokenEndpoint = asMetadata.token_endpoint;

        browser = await launchBrowser();
        context = await browser.newContext();
        note(`Chromium ${browser.version()} at ${CHROMIUM}`);

        // ---- the SDK's flow: connect -> 401 -> discovery -> (registration) -> redirect
        let pending;
        provider.onRedirect = authorizationUrl => {
            pending = authorizeInBrowser(context, loopback, authorizationUrl, { user, password, wrongPasswordFirst: true });
            // Awaited below; this keeps an early failure from being an unhandled rejection.
            pending.catch(() => {});
        };
        const started = await check('sdk: connect without a token starts the authorization', async () => {
            let error;
            try {
                connections.push(await connect(url, provider));
            } catch (caught) {
                error = caught;
            }
            expect(error instanceof UnauthorizedError,
                `connect should fail with UnauthorizedError (authorization needed), got ${error ? `${error.name}: ${error.message}` : 'a connection'}`);
            expect(provider.redirects.length === 1, `redirectToAuthorization was called ${provider.redirects.length} times`);
            const target = provider.redirects[0];
            expect(target.href.startsWith(asMetadata.authorization_endpoint),
                `the SDK sent the browser to ${target.href}, not the authorization_endpoint ${asMetadata.authorization_endpoint}`);
            const params = target.searchParams;
            expect(params.get('code_challenge_method') === 'S256', `code_challenge_method is ${params.get('code_challenge_method')}`);
            expect(params.get('resource') === mcpUrl.href, `resource is ${params.get('resource')}`);
            const clientId = provider.clientInformation()?.client_id;
            expect(params.get('client_id') === clientId, `client_id ${params.get('client_id')} is not the client's ${clientId}`);
            if (mode === 'dcr') {
                expect(clientId && clientId !== loopback.documentUrl, 'the SDK did not register the client');
                expect(typeof provider.clientInformation().client_secret === 'string',
                    'the registration returned no client_secret for a client_secret_basic client');
            } else {
                expect(clientId === loopback.documentUrl, `client_id is ${clientId}`);
            }
            return `client_id ${show(clientId, 80)}, scope ${show(params.get('scope'))}`;
        });
        let authorization;
        const gotCode = started && await check('browser: sign in and allow; the redirect URI gets the code', async () => {
            authorization = await pending;
            const { callback, seen } = authorization;
            expect(seen.login, 'the browser was never shown a login form');
            expect(seen.consent, 'the browser was never shown a consent page');
            expect(!callback.error, `the redirect URI got error=${callback.error}: ${callback.error_description}`);
            expect(typeof callback.code === 'string' && callback.code.length > 0, `no code in ${show(callback)}`);
            expect(callback.state === provider.lastState, `state ${show(callback.state)} is not the one sent (${provider.lastState})`);
            // RFC 9207 section 2.4: a server that says it sends iss must send its issuer identifier.
            expect(asMetadata.authorization_response_iss_parameter_supported !== true ? callback.iss === undefined
                || callback.iss === issuer : callback.iss === issuer, `iss is ${show(callback.iss)}, expected ${issuer}`);
            return `code received, state matches${callback.iss ? ', iss matches (RFC 9207)' : ''}`;
        }, 60_000);
        if (!gotCode) {
            skip(['the rest'], 'there is no authorization code');
            return;
        }
        const { seen } = authorization;

        await check('login page: Content-Security-Policy frame-ancestors \'none\'', async () => {
            const response = seen.loginResponse;
            expect(response, 'the response that showed the login page was not seen');
            const { headers } = response;
            const csp = headers['content-security-policy'] ?? '';
            expect(/(^|;)\s*frame-ancestors\s+'none'\s*(;|$)/.test(csp),
                `Content-Security-Policy of ${response.url} is ${show(csp || '(none)')}`);
            return `${show(csp, 200)}${headers['x-frame-options'] ? `; X-Frame-Options ${headers['x-frame-options']}` : ''}`;
        });

        await check('login page: the browser refuses to show it in a frame of another site', async () => {
            loopback.framedUrl = seen.loginUrl;
            const framing = await browser.newContext();
            try {
                const page = await framing.newPage();
                page.setDefaultTimeout(PAGE_TIMEOUT_MS);
                const refusals = [];
                page.on('console', message => {
                    if (/frame-ancestors|Refused to (display|frame)/i.test(message.text())) {
                        refusals.push(message.text());
                    }
                });
                await page.goto(`${loopback.origin}/frame.html`, { waitUntil: 'load' });
                const frame = page.frames().find(f => f !== page.mainFrame());
                expect(frame, 'the framing page has no frame');
                const passwordFields = await frame.locator('input[name=password]').count().catch(() => 0);
                expect(passwordFields === 0, `the login form rendered inside a frame of ${loopback.origin} (frame URL ${frame.url()})`);
                return `frame URL ${frame.url()}${refusals.length ? `; console: ${show(refusals[0], 160)}` : ''}`;
            } finally {
                await framing.close().catch(() => {});
            }
        });

        await check('login page: a wrong password shows the error', async () => {
            expect(seen.wrongPassword?.shown === true, `wrong-password result: ${show(seen.wrongPassword)}`);
            return `"${WRONG_PASSWORD_MESSAGE}" shown, then the right password signed in`;
        });

        await check('consent page: names the client and the scope', async () => {
            const text = seen.consentText ?? '';
            expect(text.includes(clientName), `the consent page does not show the client's name "${clientName}": ${show(text, 500)}`);
            expect(/\bread\b/i.test(text), `the consent page does not mention the read scope: ${show(text, 500)}`);
            return show(text, 200);
        });

        if (mode === 'cimd') {
            await check('cimd: the server fetched the client metadata document', async () => {
                expect(loopback.documentFetches > 0, `nobody fetched ${loopback.documentUrl}`);
                return `${loopback.documentFetches} fetch(es) of ${loopback.documentUrl}`;
            });
        }

        // ---- tokens
        const exchanged = await check('sdk: finishAuth exchanges the code for tokens', async () => {
            const transport = new StreamableHTTPClientTransport(mcpUrl, { authProvider: provider });
            await transport.finishAuth(authorization.callback.code);
            const tokens = provider.tokens();
            expect(tokens?.access_token, `no access_token in ${show(tokens)}`);
            expect(tokens.refresh_token, 'no refresh_token: the client is registered for the refresh_token grant');
            expect(/^bearer$/i.test(tokens.token_type ?? ''), `token_type is ${show(tokens.token_type)}`);
            const claims = decodeJwtPayload(tokens.access_token);
            const audience = claims ? [claims.aud].flat() : [];
            expect(!claims || audience.includes(mcpUrl.href), `the access token's aud is ${show(claims?.aud)}, expected ${mcpUrl.href}`);
            return `scope ${show(tokens.scope)}, expires_in ${tokens.expires_in}${claims ? `, JWT aud ${show(claims.aud)}` : ''}`;
        });
        if (!exchanged) {
            skip(['the rest'], 'there are no tokens');
            return;
        }
        const firstTokens = provider.tokens();

        // ---- MCP with the token
        let connection;
        const connected = await check('mcp: connect with the access token', async () => {
            connection = await connect(url, provider);
            connections.push(connection);
            const server = connection.client.getServerVersion();
            expect(server?.name === 'mallard', `server name is ${show(server?.name)}`);
            expect(provider.redirects.length === 1, 'the SDK asked for the browser again');
            return `${server.name} ${server.version}`;
        });
        if (connected) {
            await check('mcp: listTools follows the granted scopes (query_rw only with write)', async () => {
                const { tools } = await connection.client.listTools();
                const names = tools.map(tool => tool.name).sort();
                const scopes = String(provider.tokens()?.scope ?? '').split(/\s+/);
                expect(names.includes('query'), `no query tool in ${show(names)}`);
                expect(names.includes('query_rw') === scopes.includes('write'),
                    `query_rw ${names.includes('query_rw') ? 'is' : 'is not'} listed for scopes ${show(scopes)}: ${show(names)}`);
                return `scopes ${scopes.join(' ')}: ${names.join(', ')}`;
            });
            await check('mcp: query SELECT 42', async () => {
                const result = await connection.client.callTool({ name: 'query', arguments: { sql: 'SELECT 42 AS answer' } });
                expect(!result.isError, `the query failed: ${show(textOf(result))}`);
                expect(JSON.stringify(result.structuredContent?.rows) === '[[42]]', `rows are ${show(result.structuredContent?.rows)}`);
                return 'rows [[42]]';
            });
            if (options.grantedTable) {
                await check(`mcp: query the granted ${options.grantedTable}`, async () => {
                    const result = await connection.client.callTool({ name: 'query',
                        arguments: { sql: `SELECT count(*) AS n FROM ${options.grantedTable}` } });
                    expect(!result.isError, `the query failed: ${show(textOf(result))}`);
                    const n = result.structuredContent?.rows?.[0]?.[0];
                    expect(Number.isInteger(n) && n > 0, `count is ${show(n)}`);
                    return `${n} rows`;
                });
            }
            if (options.deniedTable) {
                await check(`mcp: query the ungranted ${options.deniedTable} is an error`, async () => {
                    const result = await connection.client.callTool({ name: 'query',
                        arguments: { sql: `SELECT * FROM ${options.deniedTable}` } });
                    expect(result.isError === true, `the query succeeded: ${show(result.structuredContent ?? textOf(result))}`);
                    expect(textOf(result).length > 0, 'the error result has no text');
                    return show(textOf(result), 160);
                });
            }
        } else {
            skip(['mcp: tools and queries'], 'could not connect');
        }

        await check('sdk: a second connection reuses the saved tokens, no browser', async () => {
            const second = await connect(url, provider);
            connections.push(second);
            const { tools } = await second.client.listTools();
            expect(tools.some(tool => tool.name === 'query'), 'no query tool');
            expect(provider.redirects.length === 1, `the SDK asked for the browser again (${provider.redirects.length} redirects)`);
            expect(provider.tokens().access_token === firstTokens.access_token, 'the tokens changed');
            return `${tools.length} tools with the same access token`;
        });

        // ---- refresh: the server refuses the access token, the SDK refreshes by itself
        await check('sdk: a refused access token is refreshed with the refresh token', async () => {
            provider.setTokens({ ...firstTokens, access_token: `invalid-${runId}` });
            const saves = provider.savedTokens;
            const refreshed = await connect(url, provider);
            connections.push(refreshed);
            const result = await refreshed.client.callTool({ name: 'query', arguments: { sql: 'SELECT 42 AS answer' } });
            expect(!result.isError, `the query failed after the refresh: ${show(textOf(result))}`);
            expect(provider.savedTokens === saves + 1, `saveTokens was called ${provider.savedTokens - saves} times, expected once`);
            const now = provider.tokens();
            expect(now.access_token && now.access_token !== firstTokens.access_token
                && now.access_token !== `invalid-${runId}`, 'no new access token');
            expect(now.refresh_token && now.refresh_token !== firstTokens.refresh_token,
                'the refresh token was not rotated (OAuth 2.1 section 4.3.1 for public clients; Mallard rotates)');
            expect(provider.redirects.length === 1, 'the SDK went to the browser instead of refreshing');
            return 'new access token and a rotated refresh token, no browser';
        });

        await check('token endpoint: the old refresh token is rejected (invalid_grant)', async () => {
            const reply = await tokenRequest(tokenEndpoint, provider.clientInformation(), {
                grant_type: 'refresh_token', refresh_token: firstTokens.refresh_token, resource: mcpUrl.href });
            expect(reply.status === 400 && reply.body.error === 'invalid_grant',
                `reusing the old refresh token answered ${reply.status} ${show(reply.body)}, expected 400 invalid_grant`);
            return `400 ${show(reply.body, 160)}`;
        });

        await check('token endpoint: the reuse revoked the whole grant (RFC 9700 section 4.14.2)', async () => {
            const latest = provider.tokens();
            expect(latest.refresh_token !== firstTokens.refresh_token, 'there is no newer refresh token to try');
            const reply = await tokenRequest(tokenEndpoint, provider.clientInformation(), {
                grant_type: 'refresh_token', refresh_token: latest.refresh_token, resource: mcpUrl.href });
            expect(reply.status === 400 && reply.body.error === 'invalid_grant',
                `the newest refresh token answered ${reply.status} ${show(reply.body)}, expected 400 invalid_grant`);
            const mcp = await mcpWithToken(mcpUrl, latest.access_token);
            expect(mcp.status === 401 && /invalid_token/.test(mcp.challenge),
                `/mcp with the grant's newest access token answered ${mcp.status} ${show(mcp.challenge)}, expected 401 invalid_token`);
            return 'the newest refresh token is refused and its access token gets 401 invalid_token';
        });

        // ---- authorize again: the browser session and the consent are remembered
        let second;
        const reauthorized = await check('browser: a new authorization reuses the consent (no consent page)', async () => {
            provider.invalidateCredentials('tokens');
            provider.onRedirect = authorizationUrl => {
                pending = authorizeInBrowser(context, loopback, authorizationUrl, { user, password, wrongPasswordFirst: false });
                pending.catch(() => {});
            };
            let error;
            try {
                connections.push(await connect(url, provider));
            } catch (caught) {
                error = caught;
            }
            expect(error instanceof UnauthorizedError, `connect without tokens gave ${error ? error.message : 'a connection'}`);
            expect(provider.redirects.length === 2, `${provider.redirects.length} redirects, expected 2`);
            second = await pending;
            expect(!second.seen.consent, `the consent page was shown again: ${show(second.seen.consentText)}`);
            expect(second.callback.code && second.callback.state === provider.lastState, `callback ${show(second.callback)}`);
            const transport = new StreamableHTTPClientTransport(mcpUrl, { authProvider: provider });
            await transport.finishAuth(second.callback.code);
            expect(provider.tokens()?.refresh_token, 'no refresh token');
            const mcp = await mcpWithToken(mcpUrl, provider.tokens().access_token);
            expect(mcp.status === 200, `/mcp with the new access token answered ${mcp.status} ${show(mcp.challenge)}`);
            return second.seen.login ? 'signed in again, no consent page' : 'no login (browser session) and no consent page';
        }, 60_000);

        // ---- Connected apps: the user sees the client and revokes it
        if (reauthorized) {
            const beforeRevoke = provider.tokens();
            let appsPage;
            const listed = await check('connected apps: lists the client', async () => {
                appsPage = await context.newPage();
                appsPage.setDefaultTimeout(PAGE_TIMEOUT_MS);
                const response = await appsPage.goto(`${issuer}/account/apps`, { waitUntil: 'domcontentloaded' });
                expect(response?.status() === 200, `GET /account/apps answered ${response?.status()} at ${appsPage.url()}`);
                if (await appsPage.locator('input[name=password]').count() > 0) {
                    await signIn(appsPage, user, password);
                }
                const row = appsPage.locator('tr').filter({ hasText: clientName });
                expect(await row.count() === 1,
                    `the page does not list "${clientName}" in a table row: ${show(await bodyText(appsPage), 500)}`);
                const text = await row.innerText();
                expect(/\bread\b/i.test(text), `the client's row does not show the read scope: ${show(text)}`);
                return show(text, 200);
            });
            if (listed) {
                await check('connected apps: revoke the client', async () => {
                    const row = appsPage.locator('tr').filter({ hasText: clientName });
                    expect(await row.count() === 1, `${await row.count()} table rows name the client`);
                    const revoke = row.getByRole('button', { name: /revoke/i });
                    expect(await revoke.count() === 1, `no Revoke button in the client's row: ${show(await row.innerText())}`);
                    appsPage.once('dialog', dialog => dialog.accept());
                    await Promise.all([
                        appsPage.waitForNavigation({ waitUntil: 'domcontentloaded', timeout: PAGE_TIMEOUT_MS }),
                        revoke.click(),
                    ]);
                    const answer = await bodyText(appsPage);
                    // Load the page afresh (a GET) rather than trusting the answer to the POST.
                    await appsPage.goto(`${issuer}/account/apps`, { waitUntil: 'domcontentloaded' });
                    const rows = await appsPage.locator('tr').filter({ hasText: clientName }).count();
                    expect(rows === 0, `the client is still listed after revoking: ${show(await bodyText(appsPage), 500)}`);
                    return `the client is no longer listed; the page said: ${show(answer, 200)}`;
                });
                await check('connected apps: after revoking, the refresh token is refused', async () => {
                    const reply = await tokenRequest(tokenEndpoint, provider.clientInformation(), {
                        grant_type: 'refresh_token', refresh_token: beforeRevoke.refresh_token, resource: mcpUrl.href });
                    expect(reply.status === 400 && reply.body.error === 'invalid_grant',
                        `refresh after revoking answered ${reply.status} ${show(reply.body)}, expected 400 invalid_grant`);
                    return `400 ${show(reply.body, 160)}`;
                });
                await check('connected apps: after revoking, the access token gets 401 at /mcp', async () => {
                    const mcp = await mcpWithToken(mcpUrl, beforeRevoke.access_token);
                    expect(mcp.status === 401 && /invalid_token/.test(mcp.challenge),
                        `/mcp with the revoked client's access token answered ${mcp.status} ${show(mcp.challenge)}`);
                    return `401 ${show(mcp.challenge, 160)}`;
                });
            }
            await appsPage?.close().catch(() => {});
        } else {
            skip(['connected apps'], 'the second authorization failed');
        }
    } finally {
        for (const connection of connections) {
            await closeQuietly(connection);
        }
        await context?.close().catch(() => {});
        await browser?.close().catch(() => {});
        await loopback.close().catch(() => {});
    }
}

// ---------------------------------------------------------------------------------------------

function usage(message) {
    console.error(`oauth-test: ${message}`);
    console.error('usage: MALLARD_OAUTH_PASSWORD=... node oauth-test.mjs --url http://127.0.0.1:PORT/mcp --user NAME '
        + '--mode dcr|cimd [--password PASSWORD] [--granted-table DB.TABLE] [--denied-table DB.TABLE]');
    process.exit(2);
}

async function main() {
    let values;
    try {
        ({ values } = parseArgs({
            options: {
                url: { type: 'string' },
                user: { type: 'string' },
                password: { type: 'string' },
                mode: { type: 'string' },
                'granted-table': { type: 'string' },
                'denied-table': { type: 'string' },
            },
            strict: true,
        }));
    } catch (error) {
        usage(error.message);
    }
    const options = {
        url: values.url ?? process.env.MALLARD_MCP_URL,
        user: values.user ?? process.env.MALLARD_OAUTH_USER,
        password: values.password ?? process.env.MALLARD_OAUTH_PASSWORD,
        mode: values.mode ?? process.env.MALLARD_OAUTH_MODE,
        grantedTable: values['granted-table'],
        deniedTable: values['denied-table'],
    };
    for (const name of ['url', 'user', 'password', 'mode']) {
        if (!options[name]) {
            usage(`--${name} is required`);
        }
    }
    if (!['dcr', 'cimd'].includes(options.mode)) {
        usage(`--mode must be dcr or cimd, not ${options.mode}`);
    }
    try {
        const hostname = new URL(options.url).hostname;
        if (!['127.0.0.1', 'localhost', '[::1]'].includes(hostname)) {
            usage(`--url must be on this computer (127.0.0.1), not ${hostname}`);
        }
    } catch {
        usage(`--url is not a URL: ${options.url}`);
    }

    const watchdog = setTimeout(() => {
        fail('the whole run', `did not finish within ${TOTAL_TIMEOUT_MS} ms`);
        process.exit(summary(options.mode));
    }, TOTAL_TIMEOUT_MS);
    watchdog.unref();

    note(`mode ${options.mode}, ${options.url}, user ${options.user}`);
    try {
        await run(options);
    } catch (error) {
        fail('run', `unexpected error: ${error?.stack ?? error}`);
    }
    return summary(options.mode);
}

main().then(
    code => process.exit(code),
    error => {
        console.error('oauth-test: unexpected error:', error);
        process.exit(1);
    },
);
