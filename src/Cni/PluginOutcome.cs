using System.Text.Json.Nodes;
using Multi.Core;
using Multi.Core.Cni;

namespace Multi.Cni;

/// <summary>What the process prints on stdout and its exit status.</summary>
internal sealed record PluginOutcome(int ExitCode, string Stdout)
{
    public static PluginOutcome Success(JsonObject? result) => new(0, result is null ? string.Empty : JsonText.Write(result));

    /// <summary>Success with a result already written as JSON text (null: nothing printed).</summary>
    public static PluginOutcome SuccessUtf8(byte[]? result) => new(0, result is null ? string.Empty : System.Text.Encoding.UTF8.GetString(result));

    /// <summary>Exactly one error object: <c>cniVersion</c>, <c>code</c>, <c>msg</c> and, when present, <c>details</c>.</summary>
    public static PluginOutcome Failure(CniError error, string cniVersion)
    {
        var obj = new JsonObject
        {
            ["cniVersion"] = cniVersion,
            ["code"] = error.Code,
            ["msg"] = error.Msg,
        };
        if (!string.IsNullOrEmpty(error.Details))
        {
            obj["details"] = error.Details;
        }

        return new PluginOutcome(1, JsonText.Write(obj));
    }
}
