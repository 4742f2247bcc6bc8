using System.Text.Json.Nodes;

namespace Multi.Sandbox.ApiServer.Patching;

/// <summary>RFC 7386 JSON merge patch: objects merge recursively, null removes, anything else replaces.</summary>
internal static class JsonMergePatch
{
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
            return patch?.DeepClone();
        var result = target is JsonObject targetObject ? (JsonObject)targetObject.DeepClone() : [];
        foreach (var (name, value) in patchObject)
        {
            if (value is null)
                result.Remove(name);
            else
                result[name] = Apply(result[name], value);
        }

        return result;
    }
}
