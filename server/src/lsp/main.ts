// Entry point of the CX language server (bundled to dist/server.js). The transport comes from the
// command line: --stdio (any LSP client), --node-ipc (the VS Code client) or --socket=N.
import { createConnection, ProposedFeatures } from "vscode-languageserver/node";
import { startServer } from "./server";

const connection = createConnection(ProposedFeatures.all);
startServer(connection);
connection.listen();
