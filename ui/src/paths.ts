//! File paths as the export and import dialogs build them. Windows and Linux paths both occur; the
//! separator is taken from the folder the system gave us.

function sepOf(path: string): string {
  return path.includes("\\") && !path.includes("/") ? "\\" : "/";
}

/** `dir` + `name`, with one separator between them; just `name` when there is no folder. */
export function joinPath(dir: string, name: string): string {
  if (!dir) return name;
  const sep = sepOf(dir);
  return dir.endsWith("/") || dir.endsWith("\\") ? dir + name : dir + sep + name;
}

/** The last part of a path. */
export function fileName(path: string): string {
  const i = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  return i >= 0 ? path.slice(i + 1) : path;
}

/** The same folder with another file name. */
export function replaceFileName(path: string, name: string): string {
  const i = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  return i >= 0 ? path.slice(0, i + 1) + name : name;
}

/** Adds `.xlsx` when the typed name has no such ending (save dialogs on Linux may not add it). */
export function withXlsx(path: string): string {
  const t = path.trim();
  return /\.xlsx$/i.test(t) ? t : `${t}.xlsx`;
}

/** Adds `.docx` when the typed name has no such ending. */
export function withDocx(path: string): string {
  const t = path.trim();
  return /\.docx$/i.test(t) ? t : `${t}.docx`;
}
