using System.CommandLine;
using System.Text.Json.Nodes;
using Multi.Cli.Output;
using Multi.Cli.Validation;
using YamlDotNet.Core;

namespace Multi.Cli.Commands;

/// <summary>
/// <c>multictl validate FILE…</c>: offline admission checks of NetworkAttachmentDefinitions, IPPools and ClusterNetworks.
/// Exit 0 when all are valid, 3 when any is invalid, 2 when a file cannot be read or holds a kind it does not know.
/// </summary>
internal static class ValidateCommand
{
    public static Command Create(CommandRunner runner)
    {
        var files = new Argument<string[]>("FILE") { Description = "YAML or JSON files (multi-document YAML allowed)", Arity = ArgumentArity.OneOrMore };
        var command = new Command("validate", "Validate NetworkAttachmentDefinition, IPPool and ClusterNetwork manifests offline (exit 3 when invalid)") { files };
        command.SetAction((parse, ct) => runner.RunAsync(parse, "validate manifests", (printer, token) => RunAsync(printer, parse.GetRequiredValue(files), token), ct));
        return command;
    }

    private static async Task<int> RunAsync(Printer printer, string[] files, CancellationToken cancellationToken)
    {
        var problems = new List<ManifestProblem>();
        var errors = new List<string>();
        var documents = 0;
        foreach (var file in files)
        {
            List<JsonNode?> parsed;
            try
            {
                parsed = YamlDocuments.Read(await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or YamlException or InvalidOperationException)
            {
                errors.Add($"{file}: cannot read: {ex.Message}");
                continue;
            }

            for (var i = 0; i < parsed.Count; i++)
            {
                documents += Check(file, i + 1, parsed[i], problems, errors);
            }
        }

        var data = new JsonObject
        {
            ["documents"] = documents,
            ["problems"] = new JsonArray([.. problems.Select(p => p.ToJson())]),
            ["errors"] = new JsonArray([.. errors.Select(e => (JsonNode)e)]),
        };
        printer.Write(data, console =>
        {
            foreach (var line in problems.Select(p => p.ToString()))
            {
                console.Profile.Out.Writer.WriteLine(line);
            }

            if (problems.Count == 0 && errors.Count == 0)
            {
                console.Profile.Out.Writer.WriteLine($"{documents} documents valid.");
            }
        });
        foreach (var error in errors)
        {
            await Console.Error.WriteLineAsync($"multictl: {error}").ConfigureAwait(false);
        }

        return errors.Count > 0 ? ExitCodes.Failure : problems.Count > 0 ? ExitCodes.Findings : ExitCodes.Ok;
    }

    /// <summary>Validates one document; returns 1 when it was validated, 0 when it was empty or not understood.</summary>
    private static int Check(string file, int index, JsonNode? node, List<ManifestProblem> problems, List<string> errors)
    {
        if (node is null)
        {
            return 0;
        }

        if (node is not JsonObject document)
        {
            errors.Add($"{file}:doc {index}: not an object");
            return 0;
        }

        var kind = (string?)document["kind"] ?? string.Empty;
        var name = (string?)document["metadata"]?["name"] ?? string.Empty;
        var found = ManifestValidator.Validate(kind, name, document);
        if (found is null)
        {
            errors.Add($"{file}:doc {index}: unknown kind \"{kind}\" ({name}); multictl validates {string.Join(", ", ManifestValidator.Kinds)}");
            return 0;
        }

        problems.AddRange(found.Select(p => new ManifestProblem(file, index, kind, name, p.Path, p.Message)));
        return 1;
    }
}
