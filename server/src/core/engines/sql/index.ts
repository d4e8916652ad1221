// SQL engines (engines.md): dialect renderers and the executor. Pure: drivers live in
// server/src/node/engines/ behind the SqlClient interface.
export { DIALECT_NAMES, SqlDialect, type DialectName } from "./dialect";
export { dialectFor } from "./dialects";
export { renderSource, formatSource, resolveHeader, type RenderedSource, type RenderedQuery, type SourceShape, type RenderOptions } from "./render";
export { runSql, type RunOptions, type SqlRun } from "./execute";
export { redactSecrets, toNumber, type SqlClient, type SqlRows, type SqlColumnInfo } from "./client";
export { duckDbReads, loadedTableName } from "./files";
export { metricSql, showSql, plansFor, dialectOfSource } from "./show";
