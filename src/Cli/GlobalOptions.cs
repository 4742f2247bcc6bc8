using System.CommandLine;
using Multi.Cli.Output;

namespace Multi.Cli;

/// <summary>The options every command accepts.</summary>
internal sealed class GlobalOptions
{
    public Option<OutputFormat> Output { get; } = new("--output", "-o")
    {
        Description = "Output format: table, json or yaml",
        DefaultValueFactory = _ => OutputFormat.Table,
        Recursive = true,
    };

    public Option<string?> Kubeconfig { get; } = new("--kubeconfig")
    {
        Description = "Path of the kubeconfig file (default: $KUBECONFIG's first path, in-cluster, then ~/.kube/config)",
        Recursive = true,
    };
}
