namespace Multi.Cli.Output;

/// <summary>The <c>-o</c> choices: a human table, or the command's data as JSON or YAML.</summary>
internal enum OutputFormat
{
    Table,
    Json,
    Yaml,
}
