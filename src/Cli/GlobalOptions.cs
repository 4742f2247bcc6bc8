using System.CommandLine;
using Multi.Cli.Output;

namespace Multi.Cli;

/// <summary>The options every command accepts.</summary>
internal sealed class GlobalOptions
{
    public Option<string> Output { get; } = CreateOutput();

    public static OutputFormat FormatOf(string? text) => text switch
    {
        "json" => OutputFormat.Json,
        "yaml" => OutputFormat.Yaml,
        _ => OutputFormat.Table,
    };

    public Option<string?> Kubeconfig { get; } = new("--kubeconfig")
    {
        Description = "Path of the kubeconfig file (default: $KUBECONFIG's first path, in-cluster, then ~/.kube/config)",
        HelpName = "PATH",
        Recursive = true,
    };

    private static Option<string> CreateOutput()
    {
        var option = new Option<string>("--output", "-o")
        {
            Description = "Output format",
            DefaultValueFactory = _ => "table",
            Recursive = true,
        };
        option.AcceptOnlyFromAmong("table", "json", "yaml");
        return option;
    }
}
