// What a person reads on screen is plain Chinese: no documentation references (`national-rules.md §2`)
// and no machine timestamps (`2026-12-02T14:39:30Z`). This scans the text of every component's template
// and every string literal with Chinese in it in the sources (comments aside), and fails on any.

import { describe, expect, it } from "vitest";

const vue = import.meta.glob<string>("./**/*.vue", { query: "?raw", import: "default", eager: true });
const ts = import.meta.glob<string>(["./**/*.ts", "!./**/*.test.ts", "!./bindings.ts"], {
  query: "?raw",
  import: "default",
  eager: true,
});

/** Text a person must not see: a section sign, a Markdown file name, an ISO timestamp. */
const JARGON: [string, RegExp][] = [
  ["§", /§/],
  ["a .md file", /[\w-]\.md\b/],
  ["an ISO timestamp", /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/],
];

/** The `<template>` of a component, its HTML comments removed. */
function templateOf(source: string): string {
  const start = source.indexOf("<template>");
  const end = source.lastIndexOf("</template>");
  if (start < 0 || end < 0) return "";
  return source.slice(start, end).replace(/<!--[\s\S]*?-->/g, "");
}

/** String literals holding Chinese, in code with its comments removed. */
function chineseLiterals(code: string): string[] {
  const bare = code.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  const literals = bare.match(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`/g) ?? [];
  return literals.filter((s) => /[\u4e00-\u9fff]/.test(s));
}

function scriptOf(source: string): string {
  return [...source.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join("\n");
}

/** Every user-visible text of `files` with the jargon it holds: `file: what — text`. */
function findJargon(files: Record<string, string>, isVue: boolean): string[] {
  const found: string[] = [];
  for (const [file, source] of Object.entries(files)) {
    const texts = isVue ? [templateOf(source), ...chineseLiterals(scriptOf(source))] : chineseLiterals(source);
    for (const text of texts) {
      for (const [what, re] of JARGON) {
        const m = re.exec(text);
        if (m) found.push(`${file}: ${what} — ${text.slice(Math.max(0, m.index - 30), m.index + 30)}`);
      }
    }
  }
  return found;
}

/**
 * A day, moment, month or period from the core shown as it comes (`{{ row.date }}`, `${p.applied_on}`,
 * `{{ f.period }}`, a table column `prop="published_on"`): ISO text (`2026-Q1`, `2026-12`) on screen.
 * Shown through `dayText`/`localTime`/`periodText` it is not.
 */
const RAW_DATE =
  /(?:\{\{|\$\{)\s*[\w.?]+?(?:\.date|_on|_at|\.period|_month)\s*(?:\?\?[^}]*)?\}|prop="[\w.]*(?:date|_on|_at|period|_month)"/;

/** Every place of `files` that shows a date from the core as it comes: `file: text`. */
function findRawDates(files: Record<string, string>): string[] {
  const found: string[] = [];
  for (const [file, source] of Object.entries(files)) {
    for (const text of [templateOf(source), ...chineseLiterals(scriptOf(source))]) {
      const m = RAW_DATE.exec(text);
      if (m) found.push(`${file}: ${m[0]}`);
    }
  }
  return found;
}

describe("the strings a person reads", () => {
  it("the scan sees the sources and catches jargon", () => {
    expect(Object.keys(vue).length).toBeGreaterThan(20);
    expect(Object.keys(ts).length).toBeGreaterThan(5);
    const bad = {
      "a.vue": `<template><p>依据：national-rules.md §2</p></template>`,
      "b.vue": `<script setup lang="ts">\nconst t = "修改于 2026-12-02T14:39:30Z";\n</script>\n<template><p/></template>`,
    };
    expect(findJargon(bad, true)).toHaveLength(3);
    expect(findJargon({ "c.ts": `// national-rules.md §2\nconst ok = "学时";` }, false)).toEqual([]);
  });

  it("have no section sign, documentation file or ISO timestamp", () => {
    expect([...findJargon(vue, true), ...findJargon(ts, false)]).toEqual([]);
  });

  it("show the core's days and moments in Chinese, not as ISO text", () => {
    const bad = {
      "a.vue": `<template><td>{{ row.date }}</td><td>{{ p.applied_on ?? "" }}</td></template>`,
      "b.vue": `<template><el-table-column prop="published_on" label="公示日期" /></template>`,
      "c.vue": `<script setup lang="ts">\nconst t = \`删除 \${d.row.date}的记录\`;\n</script>\n<template><p/></template>`,
      "d.vue": `<template><span>{{ f.period }}</span></template>`,
      "ok.vue": `<template><td>{{ dayText(row.date) }}</td><td>{{ periodText(f.period) }}</td></template>`,
    };
    expect(findRawDates(bad).map((f) => f.split(":")[0]).sort()).toEqual(["a.vue", "b.vue", "c.vue", "d.vue"]);
    expect(findRawDates(vue)).toEqual([]);
  });
});
