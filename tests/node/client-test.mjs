#!/usr/bin/env node
// End-to-end checks of Mallard driven by the official MCP TypeScript SDK client, over Streamable
// HTTP and over stdio: what an MCP client written in TypeScript sees.
//
//   node client-test.mjs --url http://127.0.0.1:PORT/mcp --stdio '["java", "...", "stdio", "--db", "demo=..."]'
//
// The HTTP server must serve the demo database read-only, with ONE worker (--workers 1): the
// cancellation check relies on it. --stdio is the command (a JSON array: the program, then its
// arguments) that starts `mallard stdio` on the demo database.
//
// Prints one line per check (`ok - name: detail` or `not ok - name: reason`, see checks.mjs), then a
// summary line starting with `#`; exits 1 if any check failed, 2 on bad arguments, 0 otherwise.

import { parseArgs } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { checkRunner, expect, show, textOf } from './checks.mjs';

const EXPECTED_PROTOCOL = '2025-11-25';

// What a read-only server lists to a credential with every scope (no auth). annotate and sync_source
// change only Mallard's own state (annotations, synced source copies), never the served databases, so
// they are offered too, though not read-only themselves.
const READ_ONLY_TOOLS = ['annotate', 'audit_log', 'describe_table', 'export_query', 'list_columns', 'list_databases',
    'list_sources', 'list_tables', 'query', 'search_catalog', 'sync_source'];
const STATE_TOOLS = ['annotate', 'sync_source'];
// Runs for minutes unless DuckDB is interrupted.
const ENDLESS_QUERY = 'SELECT count(*) FROM range(20000000000) t WHERE hash(t.range) % 1000003 = 7';
// About 3-6 s with 2 DuckDB threads on a small machine: long enough for several progress reports.
const SLOW_QUERY = 'SELECT count(*) FROM range(700000000) t WHERE hash(t.range) % 1000003 = 7';
const CHECK_TIMEOUT_MS = 60_000;

const { check, skip, summary, withTimeout } = checkRunner({ timeoutMs: CHECK_TIMEOUT_MS });

function sleep(ms) {
    return new Promise(resolve => setTimeout(resolve, ms));
}

// ---------------------------------------------------------------------------------------------
// Helpers for tool results

function expectSuccess(result, what) {
    expect(result && !result.isError, `${what} failed: ${show(textOf(result) || result)}`);
    expect(result.structuredContent && typeof result.structuredContent === 'object',
        `${what} returned no structuredContent: ${show(result)}`);
    expect(textOf(result).length > 0, `${what} returned no text content`);
    return result.structuredContent;
}

function expectError(result, what) {
    expect(result && result.isError === true, `${what} should be an error result (isError: true), got ${show(result)}`);
    const text = textOf(result);
    expect(text.length > 0, `${what}: the error result has no text`);
    return text;
}

function query(client, sql, extra = {}, options = {}) {
    return client.callTool({ name: 'query', arguments: { sql, ...extra } }, undefined, options);
}

// ---------------------------------------------------------------------------------------------
// Streamable HTTP

async function httpChecks(url) {
    const client = new Client({ name: 'mallard-node-client-test', version: '1.0.0' });
    const transport = new StreamableHTTPClientTransport(new URL(url));
    let connected = false;

    connected = await check('http: connect', async () => {
        await client.connect(transport);
        const server = client.getServerVersion();
        expect(server?.name === 'mallard', `server name is ${show(server?.name)}, expected "mallard"`);
        expect(transport.protocolVersion === EXPECTED_PROTOCOL,
            `negotiated protocol ${show(transport.protocolVersion)}, expected ${EXPECTED_PROTOCOL}`);
        expect(typeof transport.sessionId === 'string' && transport.sessionId.length > 0, 'no Mcp-Session-Id');
        return `${server.name} ${server.version}, protocol ${transport.protocolVersion}`;
    });
    if (!connected) {
        skip(['instructions', 'listTools', 'query', 'query truncated', 'describe_table', 'search_catalog',
            'list_columns did-you-mean', 'query refuses DELETE', 'cancellation', 'progress', 'close']
            .map(name => `http: ${name}`), 'could not connect');
        return;
    }

    await check('http: instructions', async () => {
        const instructions = client.getInstructions();
        expect(typeof instructions === 'string' && instructions.length > 0, 'the server sent no instructions');
        expect(instructions.includes('DuckDB'), `instructions do not mention DuckDB: ${show(instructions)}`);
        return `${instructions.length} characters, mention DuckDB`;
    });

    await check('http: listTools', async () => {
        const { tools } = await client.listTools();
        const names = tools.map(tool => tool.name).sort();
        expect(JSON.stringify(names) === JSON.stringify(READ_ONLY_TOOLS),
            `tools are ${show(names)}, expected exactly ${show(READ_ONLY_TOOLS)}`);
        for (const tool of tools) {
            const readOnly = !STATE_TOOLS.includes(tool.name);
            expect(tool.annotations?.readOnlyHint === readOnly,
                `${tool.name}: readOnlyHint is ${show(tool.annotations?.readOnlyHint)}`);
            expect(tool.annotations?.destructiveHint !== true, `${tool.name}: destructiveHint is true`);
            expect(tool.outputSchema?.type === 'object', `${tool.name}: no outputSchema of type object`);
            expect(tool.inputSchema?.type === 'object', `${tool.name}: no inputSchema of type object`);
            expect(typeof tool.description === 'string' && tool.description.length > 0, `${tool.name}: no description`);
        }
        return `${names.join(', ')}; readOnlyHint on all but ${STATE_TOOLS.join(', ')}, none destructive, all with `
            + 'an outputSchema';
    });

    await check('http: query', async () => {
        // The client also validates structuredContent against the tool's outputSchema.
        const content = expectSuccess(await query(client, 'SELECT 42 AS answer'), 'SELECT 42');
        expect(JSON.stringify(content.rows) === '[[42]]', `rows are ${show(content.rows)}, expected [[42]]`);
        expect(JSON.stringify(content.columns) === '[{"name":"answer","type":"INTEGER"}]',
            `columns are ${show(content.columns)}`);
        expect(content.row_count === 1 && content.truncated === false && content.total_rows === 1,
            `row_count/truncated/total_rows are ${content.row_count}/${content.truncated}/${content.total_rows}`);
        return 'rows [[42]], column answer INTEGER';
    });

    await check('http: query truncated', async () => {
        const content = expectSuccess(await query(client, 'SELECT customer_id, email FROM customers ORDER BY customer_id',
            { max_rows: 10 }), 'the truncated query');
        expect(content.truncated === true, `truncated is ${show(content.truncated)}`);
        expect(content.row_count === 10 && content.rows?.length === 10,
            `row_count ${content.row_count}, ${content.rows?.length} rows; expected 10`);
        expect(content.rows[0][0] === 1, `first row is ${show(content.rows[0])}`);
        expect(content.total_rows === 50000, `total_rows is ${show(content.total_rows)}, expected 50000`);
        expect(typeof content.message === 'string' && content.message.includes('max_rows'),
            `message is ${show(content.message)}`);
        return `10 of ${content.total_rows} rows; message: ${show(content.message, 80)}`;
    });

    await check('http: describe_table', async () => {
        const content = expectSuccess(await client.callTool({ name: 'describe_table', arguments: { table: 'customers' } }),
            'describe_table customers');
        expect(content.row_count === 50000, `row_count is ${show(content.row_count)}, expected 50000`);
        const column = (content.columns ?? []).find(c => c.name === 'last_login_at');
        expect(column, `no column last_login_at in ${show((content.columns ?? []).map(c => c.name))}`);
        expect(/unix/i.test(column.note ?? '') && /seconds/i.test(column.note ?? ''),
            `last_login_at note does not mention unix seconds: ${show(column)}`);
        return `row_count ${content.row_count}; last_login_at note: ${show(column.note, 80)}`;
    });

    await check('http: search_catalog', async () => {
        const content = expectSuccess(await client.callTool({ name: 'search_catalog', arguments: { query: 'emial' } }),
            "search_catalog 'emial'");
        const nameAt = (content.columns ?? []).indexOf('name');
        expect(nameAt >= 0, `no name column in ${show(content.columns)}`);
        const names = (content.rows ?? []).map(row => row[nameAt]);
        expect(names.some(name => /(^|\.)customers\.email$/.test(name)), `customers.email not among ${show(names)}`);
        return `found ${names.find(name => /customers\.email$/.test(name))}`;
    });

    await check('http: list_columns did-you-mean', async () => {
        const text = expectError(await client.callTool({ name: 'list_columns', arguments: { table: 'custmers' } }),
            "list_columns 'custmers'");
        expect(text.includes("Did you mean 'customers'"), `error does not suggest customers: ${show(text)}`);
        return show(text, 100);
    });

    await check('http: query refuses DELETE', async () => {
        const text = expectError(await query(client, 'DELETE FROM orders'), 'DELETE FROM orders');
        expect(/read-only/i.test(text), `error does not say read-only: ${show(text)}`);
        return show(text, 100);
    });

    await check('http: cancellation', async () => {
        const controller = new AbortController();
        const started = performance.now();
        const call = query(client, ENDLESS_QUERY, {}, { signal: controller.signal, timeout: 120_000 });
        const outcome = call.then(result => ({ result }), error => ({ error }));
        await sleep(1000);
        const abortedAt = performance.now();
        controller.abort('cancelled by the test');
        const settled = await withTimeout(outcome, 2000, 'the aborted call');
        const rejectMs = Math.round(performance.now() - abortedAt);
        expect(settled.error, `the aborted call resolved instead of rejecting: ${show(settled.result)}`);
        // The server has one worker: SELECT 1 only runs once DuckDB stopped the endless query.
        const next = performance.now();
        const content = expectSuccess(await withTimeout(query(client, 'SELECT 1 AS one', {}, { timeout: 30_000 }), 5000,
            'SELECT 1 after the cancellation'), 'SELECT 1 after the cancellation');
        expect(JSON.stringify(content.rows) === '[[1]]', `SELECT 1 returned ${show(content.rows)}`);
        const nextMs = Math.round(performance.now() - next);
        return `aborted after ${Math.round(abortedAt - started)} ms, rejected ${rejectMs} ms later `
            + `(${show(settled.error?.message, 60)}); SELECT 1 then took ${nextMs} ms`;
    });

    await check('http: progress', async () => {
        const notes = [];
        const started = performance.now();
        const result = await query(client, SLOW_QUERY, {}, {
            timeout: 55_000,
            onprogress: progress => notes.push({ at: Math.round(performance.now() - started), ...progress }),
        });
        const ms = Math.round(performance.now() - started);
        const content = expectSuccess(result, 'the slow query');
        expect(content.row_count === 1 && Number.isInteger(content.rows?.[0]?.[0]), `unexpected result ${show(content)}`);
        expect(notes.length >= 1, `no progress notification during the ${ms} ms query`);
        for (let i = 0; i < notes.length; i++) {
            const note = notes[i];
            expect(note.total === 100, `notification ${i + 1} has total ${show(note.total)}, expected 100`);
            expect(typeof note.progress === 'number' && note.progress >= 0 && note.progress <= 100,
                `notification ${i + 1} has progress ${show(note.progress)}`);
            if (i > 0) {
                expect(note.progress > notes[i - 1].progress,
                    `progress did not increase: ${notes[i - 1].progress} then ${note.progress}`);
            }
        }
        const steps = notes.map(note => `${note.progress.toFixed(0)}%@${note.at}ms`).join(' ');
        return `query took ${ms} ms; ${notes.length} notification(s): ${steps}; e.g. ${show(notes[0].message, 80)}`;
    });

    await check('http: close', async () => {
        await transport.terminateSession();
        expect(transport.sessionId === undefined, 'the session id is still set after DELETE');
        await client.close();
        return 'session deleted, client closed';
    });
}

// ---------------------------------------------------------------------------------------------
// stdio

function processAlive(pid) {
    try {
        process.kill(pid, 0);
        return true;
    } catch (error) {
        return error.code === 'EPERM';
    }
}

async function stdioChecks(command) {
    const client = new Client({ name: 'mallard-node-client-test', version: '1.0.0' });
    const transport = new StdioClientTransport({ command: command[0], args: command.slice(1), stderr: 'inherit' });

    const connected = await check('stdio: connect', async () => {
        // The JVM starts and opens DuckDB first.
        await client.connect(transport, { timeout: 60_000 });
        const server = client.getServerVersion();
        expect(server?.name === 'mallard', `server name is ${show(server?.name)}, expected "mallard"`);
        expect(typeof transport.pid === 'number', 'no server process id');
        return `${server.name} ${server.version}, pid ${transport.pid}`;
    }, 90_000);
    if (!connected) {
        skip(['stdio: listTools', 'stdio: query', 'stdio: close'], 'could not connect');
        await client.close().catch(() => {});
        return;
    }

    await check('stdio: listTools', async () => {
        const { tools } = await client.listTools();
        const names = tools.map(tool => tool.name).sort();
        expect(JSON.stringify(names) === JSON.stringify(READ_ONLY_TOOLS),
            `tools are ${show(names)}, expected exactly ${show(READ_ONLY_TOOLS)}`);
        return names.join(', ');
    });

    await check('stdio: query', async () => {
        const content = expectSuccess(await query(client, 'SELECT count(*) AS n FROM orders'), 'count of orders');
        expect(JSON.stringify(content.rows) === '[[1200000]]', `rows are ${show(content.rows)}, expected [[1200000]]`);
        return 'orders has 1200000 rows';
    });

    await check('stdio: close', async () => {
        const pid = transport.pid;
        const started = performance.now();
        // Ends the server's standard input and waits; the SDK sends SIGTERM only after 2 s.
        await client.close();
        const ms = Math.round(performance.now() - started);
        expect(!processAlive(pid), `server process ${pid} is still running after close`);
        expect(ms < 2000, `the server did not exit when its input closed: close took ${ms} ms (the SDK signals after 2000 ms)`);
        return `server process ${pid} exited ${ms} ms after its input closed`;
    }, 10_000);
}

// ---------------------------------------------------------------------------------------------

function usage(message) {
    console.error(`client-test: ${message}`);
    console.error("usage: node client-test.mjs --url http://127.0.0.1:PORT/mcp --stdio '[\"command\", \"arg\", ...]'");
    process.exit(2);
}

async function main() {
    let values;
    try {
        ({ values } = parseArgs({ options: { url: { type: 'string' }, stdio: { type: 'string' } }, strict: true }));
    } catch (error) {
        usage(error.message);
    }
    if (!values.url || !values.stdio) {
        usage('both --url and --stdio are required');
    }
    let command;
    try {
        command = JSON.parse(values.stdio);
    } catch (error) {
        usage(`--stdio is not JSON: ${error.message}`);
    }
    if (!Array.isArray(command) || command.length === 0 || !command.every(part => typeof part === 'string')) {
        usage('--stdio must be a JSON array of strings: the command, then its arguments');
    }

    await httpChecks(values.url);
    await stdioChecks(command);
    return summary();
}

main().then(
    code => process.exit(code),
    error => {
        console.error('client-test: unexpected error:', error);
        process.exit(1);
    },
);
