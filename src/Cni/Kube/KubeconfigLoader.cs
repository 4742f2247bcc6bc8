using System.Text.Json;
using System.Text.Json.Nodes;
using Multi.Cni.State;
using Multi.Core;

namespace Multi.Cni.Kube;

/// <summary>
/// Loads a kubeconfig (YAML or JSON) and resolves its current context into a <see cref="Kubeconfig"/>. Files it
/// names (certificates, keys, token files) are read relative to the kubeconfig's directory. Every problem is a
/// <see cref="KubeconfigException"/> whose message starts with "kubeconfig &lt;path&gt;:".
/// </summary>
internal sealed partial class KubeconfigLoader
{
    private readonly string path;
    private readonly string directory;

    private KubeconfigLoader(string path)
    {
        this.path = path;
        directory = Path.GetDirectoryName(path) ?? "/";
    }

    public static Kubeconfig Load(string path) => new KubeconfigLoader(Path.GetFullPath(path)).Load();

    private Kubeconfig Load()
    {
        var root = ReadRoot();
        var contextName = String(root, "current-context", "the kubeconfig") is { Length: > 0 } current
            ? current
            : throw Fail("no current-context is set");
        var context = Entry(root, "contexts", "context", contextName)
            ?? throw Fail($"context \"{contextName}\" (the current-context) not found");
        var clusterName = String(context, "cluster", $"context \"{contextName}\"") is { Length: > 0 } named
            ? named
            : throw Fail($"context \"{contextName}\" names no cluster");
        var cluster = Entry(root, "clusters", "cluster", clusterName)
            ?? throw Fail($"cluster \"{clusterName}\" (of context \"{contextName}\") not found");
        var userName = String(context, "user", $"context \"{contextName}\"");
        var user = string.IsNullOrEmpty(userName) ? null : Entry(root, "users", "user", userName)
            ?? throw Fail($"user \"{userName}\" (of context \"{contextName}\") not found");

        var config = ReadCluster(cluster, clusterName, contextName) with
        {
            Namespace = String(context, "namespace", $"context \"{contextName}\"") is { Length: > 0 } ns ? ns : null,
        };
        return user is null ? config : ReadUser(user, userName!, config);
    }

    private JsonObject ReadRoot()
    {
        string text;
        try
        {
            text = System.Text.Encoding.UTF8.GetString(CallerFile.ReadAllBytes(path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Fail(ex is FileNotFoundException or DirectoryNotFoundException ? "file not found" : $"cannot be read: {ex.Message}", ex);
        }

        JsonNode? root;
        try
        {
            root = text.AsSpan().TrimStart().StartsWith("{") ? Json.Parse(System.Text.Encoding.UTF8.GetBytes(text)) : BlockYaml.Parse(text);
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            throw Fail($"not valid YAML or JSON: {ex.Message}", ex);
        }

        return root as JsonObject ?? throw Fail(root is null ? "the file is empty" : "the document is not a mapping");
    }

    /// <summary>The <paramref name="field"/> object of the entry called <paramref name="name"/> in the list <paramref name="list"/>; null if there is none.</summary>
    private JsonObject? Entry(JsonObject root, string list, string field, string name)
    {
        if (root[list] is null)
        {
            return null;
        }

        if (root[list] is not JsonArray entries)
        {
            throw Fail($"\"{list}\" must be a list");
        }

        foreach (var entry in entries)
        {
            if (entry is JsonObject item && String(item, "name", $"an entry of \"{list}\"") == name)
            {
                return item[field] switch
                {
                    null => [],
                    JsonObject found => found,
                    _ => throw Fail($"{field} \"{name}\": \"{field}\" must be a mapping"),
                };
            }
        }

        return null;
    }

    private string? String(JsonObject o, string key, string where) => o[key] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => throw Fail($"{where}: \"{key}\" must be a string"),
    };

    private bool Bool(JsonObject o, string key, string where)
    {
        try
        {
            return Json.GetLenientBool(o, key) ?? false;
        }
        catch (FormatException ex)
        {
            throw Fail($"{where}: {ex.Message}", ex);
        }
    }

    private KubeconfigException Fail(string what, Exception? inner = null) =>
        inner is null ? new($"kubeconfig {path}: {what}") : new($"kubeconfig {path}: {what}", inner);
}
