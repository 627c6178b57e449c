// Starts `competency lsp` (stdio) for .comp files: diagnostics, hover, definitions,
// references, symbols, completion and formatting all come from the server.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration("competency").get("server.command", "competency");
  const server = { command, args: ["lsp"] };
  const options = {
    documentSelector: [{ scheme: "file", language: "competency" }],
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher("**/*.comp") },
  };
  client = new LanguageClient("competency", "Competency", server, options);
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
