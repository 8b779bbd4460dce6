// A tiny check runner, shared by the Node test programs (client-test.mjs, client2026-test.mjs,
// oauth-test.mjs). It prints one line per check, in the form the JUnit tests that start the
// programs read:
//
//   ok - name (12 ms): detail
//   not ok - name (30012 ms): reason
//   # a note
//   # [label: ]7 checks: 6 passed, 1 failed (4.2 s)
//   # failed: name; other name

export class CheckFailure extends Error {}

export function expect(condition, message) {
    if (!condition) {
        throw new CheckFailure(message);
    }
}

/** A value as short text on one line: strings as they are, the rest as JSON. */
export function show(value, max = 300) {
    let text;
    try {
        text = typeof value === 'string' ? value : JSON.stringify(value);
    } catch {
        text = String(value);
    }
    text = text === undefined ? String(value) : text;
    text = text.replace(/\s+/g, ' ');
    return text.length > max ? `${text.slice(0, max)}…` : text;
}


/** The text of an MCP tool result: its text content blocks, one per line. */
export function textOf(result) {
    return (result?.content ?? []).filter(c => c.type === 'text').map(c => c.text).join('\n');
}

/**
 * Makes a runner whose checks time out after timeoutMs unless a check says otherwise. What is
 * traced (for example what a browser did) is printed, as the trail named trailName, with each
 * failure and timeout, so that a failure in CI can be understood.
 */
export function checkRunner({ timeoutMs, trailName = 'trail' }) {
    const results = [];
    const started = performance.now();
    const trailLabel = `; ${trailName}: `;
    let trail = [];

    function trailText() {
        return trail.length === 0 ? '' : `${trailLabel}${trail.slice(-25).join(' | ')}`;
    }

    function withTimeout(promise, ms, what) {
        let timer;
        const timeout = new Promise((_, reject) => {
            timer = setTimeout(() => reject(new CheckFailure(`${what} did not finish within ${ms} ms${trailText()}`)), ms);
        });
        return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
    }

    function notOk(name, reason) {
        results.push({ name, passed: false });
        console.log(`not ok - ${name}${reason}`);
    }

    return {
        withTimeout,

        /** Runs one named check; its body returns a detail string for the ok line, or throws. */
        async check(name, body, ms = timeoutMs) {
            const start = performance.now();
            try {
                const detail = await withTimeout(Promise.resolve().then(body), ms, name);
                results.push({ name, passed: true });
                console.log(`ok - ${name} (${Math.round(performance.now() - start)} ms)`
                    + `${detail ? `: ${show(detail, 400)}` : ''}`);
                return true;
            } catch (error) {
                const reason = error instanceof CheckFailure ? error.message
                    : `${error?.constructor?.name ?? 'Error'}: ${error?.message ?? error}`;
                const more = reason.includes(trailLabel) ? '' : trailText();
                notOk(name, ` (${Math.round(performance.now() - start)} ms): ${show(reason + more, 4000)}`);
                return false;
            }
        },

        /** Counts checks that cannot run (their precondition failed) as failed. */
        skip(names, reason) {
            for (const name of names) {
                notOk(name, `: not run, ${reason}`);
            }
        },

        /** A failure outside any check, such as the whole run taking too long. */
        fail(name, reason) {
            notOk(name, `: ${reason}`);
        },

        note(text) {
            console.log(`# ${text}`);
        },

        /** Forgets what was traced; call it when something new to trace starts. */
        clearTrail() {
            trail = [];
        },

        trace(event) {
            trail.push(`${Math.round(performance.now())} ms ${event}`);
        },

        /** Prints the summary; returns the exit code: 0 if every check passed, 1 otherwise. */
        summary(label) {
            const failed = results.filter(result => !result.passed);
            const seconds = ((performance.now() - started) / 1000).toFixed(1);
            console.log(`# ${label ? `${label}: ` : ''}${results.length} checks: ${results.length - failed.length} passed, `
                + `${failed.length} failed (${seconds} s)`);
            if (failed.length > 0) {
                console.log(`# failed: ${failed.map(result => result.name).join('; ')}`);
            }
            return failed.length === 0 ? 0 : 1;
        },
    };
}
