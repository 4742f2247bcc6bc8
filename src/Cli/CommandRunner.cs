using System.CommandLine;
using System.Net;
using k8s;
using k8s.Autorest;
using Multi.Cli.Kube;
using Multi.Cli.Output;
using Multi.Runtime;

namespace Multi.Cli;

/// <summary>
/// Runs one command body: builds the client and the printer from the global options, and turns every failure into
/// one line on stderr naming what could not be done and why, with its exit code (no stack traces).
/// </summary>
internal sealed class CommandRunner(GlobalOptions options, TimeProvider time)
{
    public TimeProvider Time { get; } = time;

    public Printer PrinterFor(ParseResult parse) => new(GlobalOptions.FormatOf(parse.GetValue(options.Output)), Printer.StandardConsole());

    /// <summary>Runs an offline command: no client.</summary>
    public Task<int> RunAsync(ParseResult parse, string doing, Func<Printer, CancellationToken, Task<int>> body, CancellationToken cancellationToken) =>
        GuardAsync(doing, () => body(PrinterFor(parse), cancellationToken));

    /// <summary>Runs a command against the API server.</summary>
    public Task<int> RunAsync(ParseResult parse, string doing, Func<ClusterReader, Printer, CancellationToken, Task<int>> body, CancellationToken cancellationToken) =>
        GuardAsync(doing, async () =>
        {
            using var client = Connect(parse.GetValue(options.Kubeconfig));
            return await body(new ClusterReader(client), PrinterFor(parse), cancellationToken).ConfigureAwait(false);
        });

    private static Kubernetes Connect(string? kubeconfig)
    {
        try
        {
            return kubeconfig is null ? (Kubernetes)KubeClientFactory.FromEnvironment() : new Kubernetes(KubeconfigFile.Load(kubeconfig));
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException or k8s.Exceptions.KubeConfigException or FormatException or ArgumentException)
        {
            throw new CliFailure($"cannot load the Kubernetes configuration{(kubeconfig is null ? string.Empty : $" from {kubeconfig}")}: {ex.Message}");
        }
    }

    private static async Task<int> GuardAsync(string doing, Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (CliFailure failure)
        {
            await Console.Error.WriteLineAsync($"multictl: {failure.Message}").ConfigureAwait(false);
            return failure.ExitCode;
        }
        catch (Exception ex)
        {
            // Every failure is one line: the known ones say why in the user's terms, anything else by its message.
            await Console.Error.WriteLineAsync($"multictl: cannot {doing}: {Describe(ex) ?? ex.Message}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
    }

    private static string? Describe(Exception ex) => ex switch
    {
        HttpOperationException http => http.Response.StatusCode switch
        {
            HttpStatusCode.Forbidden => $"forbidden by the API server ({ApiMessage(http)})",
            HttpStatusCode.Unauthorized => $"not authorized by the API server ({ApiMessage(http)})",
            HttpStatusCode.NotFound => $"not found ({ApiMessage(http)})",
            var status => $"the API server answered {(int)status} {status} ({ApiMessage(http)})",
        },
        HttpRequestException request => $"the API server is unreachable ({request.Message})",
        TaskCanceledException => "the API server did not answer in time",
        k8s.Exceptions.KubeConfigException config => $"bad Kubernetes configuration ({config.Message})",
        _ => null,
    };

    private static string ApiMessage(HttpOperationException http)
    {
        var content = http.Response.Content;
        try
        {
            return System.Text.Json.Nodes.JsonNode.Parse(content)?["message"]?.GetValue<string>() ?? http.Message;
        }
        catch (System.Text.Json.JsonException)
        {
            return string.IsNullOrWhiteSpace(content) ? http.Message : content.Trim();
        }
    }
}
