#!/usr/bin/env node
// End-to-end checks of Mallard's MCP 2026-07-28 (stateless) era, driven by the official TypeScript
// client of that era (@modelcontextprotocol/client 2.x), and of a 2025-11-25 session opened on the
// same endpoint by the v1 SDK (@modelcontextprotocol/sdk 1.x): both eras from one server.
//
//   MALLARD_WRITER_KEY=... MALLARD_READER_KEY=... node client2026-test.mjs --url http://127.0.0.1:PORT/mcp
//
// The server must run with --auth keys, --writes confirm and ONE worker (--workers 1: the
// cancellation check relies on it), and serve a database named "sales" whose table orders holds
// (1, 10.50) and (2, 20.00). MALLARD_WRITER_KEY is an API key with the read and write scopes of a
// user who may write "sales"; MALLARD_READER_KEY one with the read scope only. Every request is
// recorded on its way through fetch, so the checks can say what travelled.
//
// Prints one line per check (`ok - name: detail` or `not ok - name: reason`, see checks.mjs), then a
// summary line starting with `#`; exits 1 if any check failed, 2 on bad arguments, 0 otherwise.

import { parseArgs } from 'node:util';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { Client as LegacyClient } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as LegacyTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { checkRunner, expect, show, textOf } from './checks.mjs';

const MODERN_PROTOCOL = '2026-07-28';
const LEGACY_PROTOCOL = '2025-11-25';
/** The client names the server's audit log records: the JUnit test reads them back. */
const MODERN_CLIENT = 'mallard-node-client2026-test';
const LEGACY_CLIENT = 'mallard-node-client2025-session';
// Tools a read-only key does not see: the write tools, and annotate (write or annotate scope).
const WRITE_TOOLS = ['annotate', 'cancel_mutation', 'confirm_mutation', 'confirm_mutations', 'query_rw'];
// Runs for minutes unless DuckDB is interrupted.
const ENDLESS_QUERY = 'SELECT count(*) FROM range(20000000000) t WHERE hash(t.range) % 1000003 = 7';
const CHECK_TIMEOUT_MS = 30_000;

const { check, skip, summary, withTimeout } = checkRunner({ timeoutMs: CHECK_TIMEOUT_MS });

// ---------------------------------------------------------------------------------------------
// What travelled: a fetch that records each request and its response

/**
 * A fetch for the client transports that keeps, per HTTP exchange, the request's headers and
 * JSON-RPC body and the response's status, headers and (for JSON answers) body.
 */
function recordingFetch(log) {
    return async (url, init = {}) => {
        const response = await fetch(url, init);
        const exchange = {
            method: init.method ?? 'GET',
            headers: Object.fromEntries(new Headers(init.headers).entries()),
            body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
            status: response.status,
            responseHeaders: Object.fromEntries(response.headers.entries()),
        };
        if ((response.headers.get('content-type') ?? '').startsWith('application/json')) {
            exchange.response = await response.clone().json().catch(() => undefined);
        }
        log.push(exchange);
        return response;
    };
}

function posts(log, rpcMethod) {
    return log.filter(exchange => exchange.method === 'POST' && exchange.body?.method === rpcMethod);
}

// ---------------------------------------------------------------------------------------------
// Helpers for tool results

function expectSuccess(result, what) {
    expect(result && !result.isError, `${what} failed: ${show(textOf(result) || result)}`);
    expect(result.structuredContent && typeof result.structuredContent === 'object',
        `${what} returned no structuredContent: ${show(result)}`);
    return result.structuredContent;
}

function query(client, sql, options = {}) {
    return client.callTool({ name: 'query', arguments: { sql } }, options);
}

function sorted(names) {
    return [...names].sort();
}

// ---------------------------------------------------------------------------------------------
// The 2026-07-28 era

/**
 * A client of the 2026-07-28 era: it probes with server/discover ('auto' negotiation, as a host
 * would configure it) and answers elicitation, which reaches it inside input_required results.
 */
function modernClient(key, log, elicitation) {
    const client = new Client({ name: MODERN_CLIENT, version: '1.0.0' }, {
        versionNegotiation: { mode: 'auto' },
        capabilities: elicitation ? { elicitation: { form: {} } } : {},
    });
    if (elicitation) {
        client.setRequestHandler('elicitation/create', request => elicitation(request.params));
    }
    const transport = new StreamableHTTPClientTransport(new URL(values.url), {
        authProvider: { token: async () => key },
        fetch: recordingFetch(log),
    });
    return { client, transport };
}

async function modernChecks(keys) {
    const log = [];
    // What the person answers to the next approval question, and the questions asked.
    let answer = { action: 'decline' };
    const asked = [];
    const { client, transport } = modernClient(keys.writer, log, async params => {
        asked.push(params);
        return answer;
    });
    let writerTools = [];

    const connected = await check('2026: connect', async () => {
        await client.connect(transport);
        expect(client.getProtocolEra() === 'modern', `protocol era is ${show(client.getProtocolEra())}, expected modern`);
        expect(client.getNegotiatedProtocolVersion() === MODERN_PROTOCOL,
            `negotiated ${show(client.getNegotiatedProtocolVersion())}, expected ${MODERN_PROTOCOL}`);
        expect(transport.sessionId === undefined, `the transport holds a session id: ${show(transport.sessionId)}`);
        const server = client.getServerVersion();
        expect(server?.name === 'mallard', `server name is ${show(server?.name)}, expected "mallard"`);
        const discover = client.getDiscoverResult();
        expect(discover?.supportedVersions?.includes(MODERN_PROTOCOL) && discover.supportedVersions.includes(LEGACY_PROTOCOL),
            `supportedVersions are ${show(discover?.supportedVersions)}`);
        expect(discover.capabilities?.tools, `discover announces no tools capability: ${show(discover.capabilities)}`);
        const instructions = client.getInstructions();
        expect(typeof instructions === 'string' && instructions.includes('sales'),
            `instructions do not mention the sales database: ${show(instructions)}`);
        expect(log.length === 1 && log[0].body?.method === 'server/discover',
            `the first exchange was not one server/discover: ${show(log.map(e => e.body?.method))}`);
        return `${server.name} ${server.version}, era ${client.getProtocolEra()}, protocol `
            + `${client.getNegotiatedProtocolVersion()}, no session; discover offers ${discover.supportedVersions.join(', ')}`;
    });
    if (!connected) {
        skip(['2026: listTools', '2026: query', '2026: query a table', '2026: bad SQL is a tool error', '2026: progress',
            '2026: cancellation', '2026: approval accepted', '2026: approval declined', '2026: every request stateless'], 'could not connect');
        await client.close().catch(() => {});
        return [];
    }

    await check('2026: listTools', async () => {
        const result = await client.listTools();
        writerTools = sorted(result.tools.map(tool => tool.name));
        expect(WRITE_TOOLS.every(name => writerTools.includes(name)) && writerTools.includes('query'),
            `tools are ${show(writerTools)}; expected query and ${WRITE_TOOLS.join(', ')}`);
        for (const tool of result.tools) {
            expect(tool.inputSchema?.type === 'object', `${tool.name}: no inputSchema of type object`);
            expect(tool.outputSchema?.type === 'object', `${tool.name}: no outputSchema of type object`);
        }
        expect(Number.isInteger(result.ttlMs) && result.ttlMs > 0, `ttlMs is ${show(result.ttlMs)}`);
        expect(result.cacheScope === 'private', `cacheScope is ${show(result.cacheScope)}, expected private`);
        // The client honours ttlMs: the second list comes from its cache, not the wire.
        const before = posts(log, 'tools/list').length;
        const again = await client.listTools();
        expect(sorted(again.tools.map(tool => tool.name)).join() === writerTools.join(), 'the cached list differs');
        expect(posts(log, 'tools/list').length === before,
            `the second listTools went to the server although ttlMs was ${result.ttlMs}`);
        return `${writerTools.length} tools; ttlMs ${result.ttlMs}, cacheScope ${result.cacheScope}; `
            + 'the second list came from the client cache';
    });

    await check('2026: query', async () => {
        // The client validates structuredContent against the outputSchema from tools/list.
        const content = expectSuccess(await query(client, 'SELECT 42 AS answer'), 'SELECT 42');
        expect(JSON.stringify(content.rows) === '[[42]]', `rows are ${show(content.rows)}, expected [[42]]`);
        const exchange = posts(log, 'tools/call').at(-1);
        expect(exchange.headers['mcp-method'] === 'tools/call' && exchange.headers['mcp-name'] === 'query',
            `Mcp-Method/Mcp-Name headers were ${show(exchange.headers['mcp-method'])}/${show(exchange.headers['mcp-name'])}`);
        expect(exchange.response?.result?.resultType === 'complete',
            `resultType on the wire is ${show(exchange.response?.result?.resultType)}`);
        return 'rows [[42]]; sent with Mcp-Method tools/call, Mcp-Name query; resultType complete';
    });

    await check('2026: query a table', async () => {
        const content = expectSuccess(await query(client,
            'SELECT count(*) AS orders, sum(amount) AS total FROM sales.orders'), 'the orders query');
        expect(JSON.stringify(content.rows) === '[[2,"30.50"]]' || JSON.stringify(content.rows) === '[[2,30.5]]',
            `rows are ${show(content.rows)}, expected 2 orders worth 30.50`);
        return `sales.orders: ${show(content.rows)}`;
    });

    await check('2026: bad SQL is a tool error', async () => {
        const result = await query(client, 'SELEC 1');
        expect(result.isError === true, `expected isError: true, got ${show(result)}`);
        const text = textOf(result);
        expect(/syntax error/i.test(text), `the error does not name the syntax error: ${show(text)}`);
        return show(text, 80);
    });

    await check('2026: progress', async () => {
        // DuckDB reports once a second; two reports show progress increasing, then the call is dropped.
        const notes = [];
        const controller = new AbortController();
        const started = performance.now();
        const call = query(client, ENDLESS_QUERY, {
            signal: controller.signal,
            timeout: 25_000,
            onprogress: progress => {
                notes.push(progress);
                if (notes.length === 2) {
                    controller.abort('enough progress seen');
                }
            },
        }).then(result => ({ result }), error => ({ error }));
        const settled = await call;
        const ms = Math.round(performance.now() - started);
        expect(notes.length >= 2, `${notes.length} progress notification(s) in ${ms} ms: ${show(settled.result ?? settled.error?.message)}`);
        for (let i = 0; i < notes.length; i++) {
            expect(notes[i].total === 100 && notes[i].progress > 0 && notes[i].progress <= 100,
                `notification ${i + 1} is ${show(notes[i])}`);
            expect(i === 0 || notes[i].progress > notes[i - 1].progress, `progress did not increase: ${show(notes)}`);
        }
        const exchange = posts(log, 'tools/call').at(-1);
        expect(exchange.body.params.arguments.sql === ENDLESS_QUERY && exchange.body.params._meta?.progressToken !== undefined,
            `the call carried no progress token: ${show(exchange.body.params._meta)}`);
        expect(exchange.responseHeaders['content-type']?.startsWith('text/event-stream'),
            `the answer came as ${show(exchange.responseHeaders['content-type'])}, expected an event stream`);
        return `${notes.length} notifications on the request's event stream in ${ms} ms, `
            + `${notes.map(note => note.progress.toFixed(2)).join(' < ')}; e.g. ${show(notes[0].message, 70)}`;
    });

    await check('2026: cancellation', async () => {
        // No progress token: the server notices the closed stream by its heartbeat alone.
        const controller = new AbortController();
        const call = query(client, ENDLESS_QUERY, { signal: controller.signal, timeout: 120_000 })
            .then(result => ({ result }), error => ({ error }));
        await new Promise(resolve => setTimeout(resolve, 1000));
        controller.abort('cancelled by the test');
        const settled = await withTimeout(call, 2000, 'the aborted call');
        expect(settled.error, `the aborted call resolved instead of rejecting: ${show(settled.result)}`);
        expect(posts(log, 'notifications/cancelled').length === 0, 'the client POSTed notifications/cancelled');
        // The server has one worker: SELECT 1 only runs once DuckDB stopped the endless query.
        const next = performance.now();
        const content = expectSuccess(await withTimeout(query(client, 'SELECT 1 AS one'), 8000,
            'SELECT 1 after the cancellation'), 'SELECT 1 after the cancellation');
        expect(JSON.stringify(content.rows) === '[[1]]', `SELECT 1 returned ${show(content.rows)}`);
        return `the client closed the stream; SELECT 1 on the one worker ran ${Math.round(performance.now() - next)} ms later`;
    });

    await check('2026: approval accepted', async () => {
        answer = { action: 'accept', content: { approve: true } };
        asked.length = 0;
        const before = log.length;
        const content = expectSuccess(await client.callTool({ name: 'query_rw',
            arguments: { sql: 'CREATE TABLE sales.approved_by_client AS SELECT 7 AS n' } }), 'the approved change');
        expect(content.status === 'applied', `status is ${show(content.status)}, expected applied: ${show(content)}`);
        expect(asked.length === 1, `the elicitation handler was asked ${asked.length} times, expected once`);
        expect(asked[0].mode === 'form' && asked[0].message.includes('CREATE TABLE sales.approved_by_client'),
            `the question does not show the change: ${show(asked[0])}`);
        const legs = log.slice(before).filter(exchange => exchange.body?.method === 'tools/call');
        expect(legs.length === 2, `the call took ${legs.length} requests, expected 2 (input_required, then the answer)`);
        expect(legs[0].response?.result?.resultType === 'input_required',
            `the first answer was ${show(legs[0].response?.result?.resultType)}, expected input_required`);
        expect(legs[1].body.params.requestState === legs[0].response.result.requestState
            && legs[1].body.params.inputResponses?.approve_change?.action === 'accept',
            `the repeated call did not carry the request state and the answer: ${show(legs[1].body.params)}`);
        const table = expectSuccess(await query(client, 'SELECT n FROM sales.approved_by_client'), 'reading the new table');
        expect(JSON.stringify(table.rows) === '[[7]]', `the new table holds ${show(table.rows)}, expected [[7]]`);
        return 'input_required → elicitation handler accepted → repeated call applied it; the table holds [[7]]';
    });

    await check('2026: approval declined', async () => {
        answer = { action: 'decline' };
        asked.length = 0;
        const content = expectSuccess(await client.callTool({ name: 'query_rw',
            arguments: { sql: 'CREATE TABLE sales.declined_by_client AS SELECT 1 AS n' } }), 'the declined change');
        expect(content.status === 'declined', `status is ${show(content.status)}, expected declined: ${show(content)}`);
        expect(asked.length === 1, `the elicitation handler was asked ${asked.length} times, expected once`);
        const lookup = await query(client, 'SELECT n FROM sales.declined_by_client');
        expect(lookup.isError === true && /does not exist/i.test(textOf(lookup)),
            `the declined table can be read: ${show(lookup)}`);
        return `declined: ${show(content.message, 60)}; no table was created`;
    });

    await check('2026: every request stateless', async () => {
        const methods = log.map(exchange => exchange.body?.method);
        expect(!methods.includes('initialize'), `the client sent initialize: ${show(methods)}`);
        for (const exchange of log) {
            expect(exchange.method === 'POST', `a ${exchange.method} request was sent`);
            expect(exchange.headers['mcp-protocol-version'] === MODERN_PROTOCOL,
                `${exchange.body?.method} carried MCP-Protocol-Version ${show(exchange.headers['mcp-protocol-version'])}`);
            expect(exchange.body?.params?._meta?.['io.modelcontextprotocol/protocolVersion'] === MODERN_PROTOCOL,
                `${exchange.body?.method} carried no protocolVersion in _meta`);
            expect(exchange.headers['mcp-session-id'] === undefined && exchange.responseHeaders['mcp-session-id'] === undefined,
                `a session id travelled with ${exchange.body?.method}`);
            expect(exchange.status === 200, `${exchange.body?.method} got HTTP ${exchange.status}`);
        }
        return `${log.length} POSTs (${[...new Set(methods)].join(', ')}), each with protocol ${MODERN_PROTOCOL} `
            + 'in header and _meta, none with a session id';
    });

    await client.close();
    return writerTools;
}

async function readerChecks(keys, writerTools) {
    const log = [];
    const { client, transport } = modernClient(keys.reader, log, null);
    const connected = await check('2026 read-only key: connect', async () => {
        await client.connect(transport);
        expect(client.getNegotiatedProtocolVersion() === MODERN_PROTOCOL,
            `negotiated ${show(client.getNegotiatedProtocolVersion())}`);
        return `protocol ${client.getNegotiatedProtocolVersion()}`;
    });
    if (!connected) {
        skip(['2026 read-only key: listTools', '2026 read-only key: query_rw refused'], 'could not connect');
        return;
    }

    await check('2026 read-only key: listTools', async () => {
        const names = sorted((await client.listTools()).tools.map(tool => tool.name));
        expect(names.includes('query'), `query is missing: ${show(names)}`);
        const hidden = writerTools.filter(name => !names.includes(name));
        expect(hidden.join() === WRITE_TOOLS.join(),
            `the read-only key lacks ${show(hidden)} of the writer's tools, expected exactly ${show(WRITE_TOOLS)}`);
        expect(names.every(name => writerTools.includes(name)), `the read-only key sees more: ${show(names)}`);
        return `${names.length} tools; hidden: ${hidden.join(', ')}`;
    });

    await check('2026 read-only key: query_rw refused', async () => {
        const outcome = await client.callTool({ name: 'query_rw', arguments: { sql: 'CREATE TABLE sales.nope (i INTEGER)' } })
            .then(result => ({ result }), error => ({ error }));
        expect(outcome.error, `query_rw was not refused: ${show(outcome.result)}`);
        const exchange = posts(log, 'tools/call').at(-1);
        expect(exchange?.status === 403, `HTTP status ${show(exchange?.status)}, expected 403`);
        expect(/insufficient_scope/.test(exchange.responseHeaders['www-authenticate'] ?? ''),
            `WWW-Authenticate is ${show(exchange.responseHeaders['www-authenticate'])}`);
        return `HTTP 403 insufficient_scope; the client threw ${outcome.error?.name}: ${show(outcome.error?.message, 80)}`;
    });

    await client.close();
}

// ---------------------------------------------------------------------------------------------
// A 2025-11-25 session on the same endpoint

async function legacyChecks(keys, writerTools) {
    const client = new LegacyClient({ name: LEGACY_CLIENT, version: '1.0.0' });
    const transport = new LegacyTransport(new URL(values.url), {
        requestInit: { headers: { Authorization: `Bearer ${keys.writer}` } },
    });
    const connected = await check('2025 session: connect', async () => {
        await client.connect(transport);
        expect(transport.protocolVersion === LEGACY_PROTOCOL,
            `negotiated ${show(transport.protocolVersion)}, expected ${LEGACY_PROTOCOL}`);
        expect(typeof transport.sessionId === 'string' && transport.sessionId.length > 0, 'no Mcp-Session-Id');
        return `protocol ${transport.protocolVersion}, session ${transport.sessionId.slice(0, 8)}…`;
    });
    if (!connected) {
        skip(['2025 session: listTools', '2025 session: query', '2025 session: close'], 'could not connect');
        return;
    }

    await check('2025 session: listTools', async () => {
        const names = sorted((await client.listTools()).tools.map(tool => tool.name));
        expect(names.join() === writerTools.join(), `tools are ${show(names)}, the 2026 client saw ${show(writerTools)}`);
        return `the same ${names.length} tools as the 2026 client`;
    });

    await check('2025 session: query', async () => {
        const result = await client.callTool({ name: 'query', arguments: { sql: 'SELECT n FROM sales.approved_by_client' } });
        const content = expectSuccess(result, 'the query in the session');
        expect(JSON.stringify(content.rows) === '[[7]]', `rows are ${show(content.rows)}, expected [[7]]`);
        expect(result.resultType === undefined, `a 2025 result carries resultType ${show(result.resultType)}`);
        return 'reads [[7]] from the table the 2026 client created; no resultType';
    });

    await check('2025 session: close', async () => {
        await transport.terminateSession();
        await client.close();
        return 'session deleted';
    });
}

// ---------------------------------------------------------------------------------------------

let values;

function usage(message) {
    console.error(`client2026-test: ${message}`);
    console.error('usage: MALLARD_WRITER_KEY=... MALLARD_READER_KEY=... node client2026-test.mjs --url http://127.0.0.1:PORT/mcp');
    process.exit(2);
}

async function main() {
    try {
        ({ values } = parseArgs({ options: { url: { type: 'string' } }, strict: true }));
    } catch (error) {
        usage(error.message);
    }
    const keys = { writer: process.env.MALLARD_WRITER_KEY, reader: process.env.MALLARD_READER_KEY };
    if (!values.url || !keys.writer || !keys.reader) {
        usage('--url, MALLARD_WRITER_KEY and MALLARD_READER_KEY are required');
    }

    const writerTools = await modernChecks(keys);
    await readerChecks(keys, writerTools);
    await legacyChecks(keys, writerTools);
    return summary();
}

main().then(
    code => process.exit(code),
    error => {
        console.error('client2026-test: unexpected error:', error);
        process.exit(1);
    },
);
