using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;
using YamlDotNet.Serialization;

namespace Multi.Cli.Output;

/// <summary>Writes a command's result: its data as JSON or YAML, or the table the command renders.</summary>
internal sealed class Printer(OutputFormat format, IAnsiConsole console)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public OutputFormat Format { get; } = format;

    public IAnsiConsole Console { get; } = console;

    /// <summary>A console on stdout; when stdout is redirected, wide enough that tables never wrap.</summary>
    public static IAnsiConsole StandardConsole()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(System.Console.Out) });
        if (System.Console.IsOutputRedirected)
        {
            console.Profile.Width = 240;
        }

        return console;
    }

    /// <summary>Writes <paramref name="data"/> as JSON or YAML, or calls <paramref name="table"/> for the table format.</summary>
    public void Write(JsonNode data, Action<IAnsiConsole> table)
    {
        switch (Format)
        {
            case OutputFormat.Json:
                System.Console.Out.WriteLine(data.ToJsonString(Indented));
                break;
            case OutputFormat.Yaml:
                var serializer = new SerializerBuilder().WithQuotingNecessaryStrings().Build();
                System.Console.Out.Write(serializer.Serialize(ToPlain(data)));
                break;
            default:
                table(Console);
                break;
        }
    }

    private static object? ToPlain(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => obj.ToDictionary(p => p.Key, p => ToPlain(p.Value)),
        JsonArray array => array.Select(ToPlain).ToList(),
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => long.TryParse(value.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture, out var whole) ? whole : double.Parse(value.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture),
            _ => null,
        },
        _ => null,
    };
}
