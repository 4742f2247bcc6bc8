using System.Text;
using System.Text.Json.Nodes;
using Multi.Cni.Delegation;
using Multi.Core.Cni;

namespace Multi.Cni.Tests.Support;

/// <summary>One recorded delegate execution.</summary>
internal sealed record RecordedCall(string Type, CniCommand Command, IReadOnlyDictionary<string, string?> Variables, JsonObject Config)
{
    public string? IfName => Variables.TryGetValue("CNI_IFNAME", out var v) ? v : null;

    public string Network => Config["name"]?.GetValue<string>() ?? string.Empty;

    public override string ToString() => $"{Command.Name()} {Type} {IfName}";
}

/// <summary>
/// A scripted stand-in for plugin processes: answers by plugin type and command, and records every call.
/// By default ADD returns a one-interface result for the call's interface and every other verb succeeds.
/// </summary>
internal sealed class FakePluginExecutor : IPluginExecutor
{
    private readonly Dictionary<(string Type, CniCommand Command), Func<RecordedCall, PluginOutput>> scripts = [];

    public List<RecordedCall> Calls { get; } = [];

    public IEnumerable<string> Trace => Calls.Select(c => c.ToString());

    public FakePluginExecutor On(string type, CniCommand command, Func<RecordedCall, PluginOutput> answer)
    {
        scripts[(type, command)] = answer;
        return this;
    }

    public FakePluginExecutor Fail(string type, CniCommand command, uint code, string msg) =>
        On(type, command, _ => Error(code, msg));

    public Task<PluginOutput> ExecuteAsync(PluginCall call, CancellationToken cancellationToken)
    {
        var recorded = new RecordedCall(call.Type, call.Command, call.Variables, (JsonObject)JsonNode.Parse(call.Stdin)!);
        Calls.Add(recorded);
        if (scripts.TryGetValue((call.Type, call.Command), out var answer))
        {
            return Task.FromResult(answer(recorded));
        }

        return Task.FromResult(call.Command == CniCommand.Add ? Ok(DefaultResult(recorded)) : Ok(string.Empty));
    }

    public static PluginOutput Ok(string stdout) => new(0, Encoding.UTF8.GetBytes(stdout), string.Empty);

    public static PluginOutput Error(uint code, string msg) =>
        new(1, Encoding.UTF8.GetBytes(new JsonObject { ["cniVersion"] = "1.0.0", ["code"] = code, ["msg"] = msg }.ToJsonString()), string.Empty);

    /// <summary>An address derived from the interface name, so each attachment's result is recognisable.</summary>
    public static string DefaultResult(RecordedCall call)
    {
        var version = call.Config["cniVersion"]?.GetValue<string>() ?? "1.0.0";
        var octet = (call.IfName ?? "x").Sum(c => c) % 250 + 1;
        return new JsonObject
        {
            ["cniVersion"] = version,
            ["interfaces"] = new JsonArray(new JsonObject { ["name"] = call.IfName, ["mac"] = "02:00:00:00:00:01", ["sandbox"] = call.Variables["CNI_NETNS"] }),
            ["ips"] = new JsonArray(new JsonObject { ["address"] = $"10.{octet}.0.2/24", ["gateway"] = $"10.{octet}.0.1", ["interface"] = 0 }),
            ["routes"] = new JsonArray(new JsonObject { ["dst"] = "0.0.0.0/0" }),
        }.ToJsonString();
    }
}
