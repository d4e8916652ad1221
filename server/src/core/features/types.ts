// Inputs and outputs shared by the editor features (hover, completion, navigation, …).
//
// Features are pure functions over the semantic model, the last evaluation and what is known about
// the data; they return plain data with 0-based LSP-style positions. Only server/src/lsp/ converts
// them to LSP types. Nothing here does I/O: what a feature needs from the outside world (a data
// file's header, column statistics) is gathered by the host and passed in.
import type { ColumnType } from "../data/table";
import type { EvalResult } from "../eval/evaluate";
import type { SemanticModel } from "../semantics/model";
import type { Range } from "../text";
import type { DerivedSample } from "./derivedSamples";

/** Statistics of one column of a data file, as gathered by a scan. */
export interface ColumnStats {
  /** Null (empty) values. */
  nulls: number;
  /** A few distinct non-null values, as written in the file. */
  samples: string[];
  min?: string;
  max?: string;
}

/** What the host knows about a source's data (from a scan of its files). */
export interface SourceData {
  /** Column names in file order. */
  columns: string[];
  /** Type of each column inferred from the values. */
  inferred: Map<string, ColumnType>;
  /** Data rows, when known. */
  rowCount?: number;
  stats?: Map<string, ColumnStats>;
  /** The first line of the (first) data file, to locate header names for go-to-definition. */
  headerLine?: string;
  /** Text columns: up to 50 distinct values as written (completion of `map` labels and of `==` values). */
  values?: Map<string, string[]>;
}

export interface FeatureContext {
  model: SemanticModel;
  /** The workspace's last evaluation (values for hovers, inlay hints and code lenses), if any. */
  evaluation?: EvalResult;
  /** Data of sources, by source name, when the host has scanned them. */
  data?: ReadonlyMap<string, SourceData>;
  /** Sample values of derived columns (features/derivedSamples.ts), by source, then column; from the last evaluation. */
  derivedSamples?: ReadonlyMap<string, ReadonlyMap<string, DerivedSample>>;
  /** Every .cx file of the workspace (absolute paths), for import completion. */
  files?: readonly string[];
  /** Why there are no values (e.g. restricted mode), shown in hovers instead of a value. */
  valuesUnavailable?: string;
  /** Shown instead of a value while there is no evaluation yet (the host knows why: "evaluating…", …). */
  pendingValues?: string;
  /** The as-of date the workspace is (or would be) evaluated at, YYYY-MM-DD: for the SQL shown in hovers. */
  asOf?: string;
  /** An untrusted workspace: no data is read and no connection is made (hovers say so). */
  untrusted?: boolean;
  /** Commands of the client that hovers may link to (announced in initializationOptions.commands). */
  commands?: {
    /** Command id that shows a metric's SQL, called with [metric name, SQL text] (the VS Code client: `cx.showSql`). */
    showSql?: string;
  };
}

/** A text edit in one file. */
export interface FileEdit {
  file: string;
  range: Range;
  newText: string;
}

/** A location in a file (a .cx file or a data file). */
export interface FileLocation {
  file: string;
  range: Range;
}
