// Editor features over the core: pure functions from the model (and the last evaluation) to plain
// data with 0-based positions. The language server (server/src/lsp/) converts them to LSP types.
export * from "./types";
export { hover, describeTarget, functionHover } from "./hover";
export { complete, type CompletionEntry, type CompletionKind } from "./completion";
export { signatureHelp, type SignatureResult } from "./signature";
export { definition, references, highlights, prepareRename, rename, validateName, headerRange, type DefinitionResult, type Highlight } from "./navigation";
export { documentSymbols, workspaceSymbols, foldingRanges, selectionRanges, type DocumentSymbolInfo, type WorkspaceSymbolInfo, type FoldingRangeInfo, type SymbolKindName } from "./structure";
export { semanticTokens, encodeTokens, TOKEN_TYPES, TOKEN_MODIFIERS, type SemanticToken } from "./semanticTokens";
export { codeActions, type CodeActionInfo } from "./codeActions";
export { inlayHints, codeLenses, type InlayHintInfo, type CodeLensInfo } from "./inline";
export { formatEdits, type TextEdit } from "./formatting";
export { dataDiagnosticSummaries } from "./dataDiagnostics";
export { sampleDerived, SAMPLE_ROWS, type DerivedSample, type DerivedSamples } from "./derivedSamples";
export { sqlOf, hasSqlSources, connectionSourcesOf } from "./sql";
