using System.Globalization;
using System.Text.Json.Nodes;

namespace Multi.Sandbox.ApiServer;

/// <summary>
/// Write-through storage in a directory: one JSON file per object at
/// <c>{group|core}/{resource}/{namespace|_cluster}/{name}.json</c> and the version counter in <c>resourceVersion</c>,
/// each written to a temporary file and renamed into place.
/// </summary>
internal sealed class ObjectPersistence
{
    private const string CounterFile = "resourceVersion";
    private const string ClusterScope = "_cluster";
    private readonly string root;

    public ObjectPersistence(string root)
    {
        this.root = root;
        Directory.CreateDirectory(root);
    }

    public void Save(ObjectKey key, JsonObject obj, long version)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        WriteAtomically(path, obj.ToJsonString());
        SaveCounter(version);
    }

    public void Remove(ObjectKey key, long version)
    {
        File.Delete(PathOf(key));
        SaveCounter(version);
    }

    public long LoadCounter()
    {
        var path = Path.Combine(root, CounterFile);
        return File.Exists(path) ? long.Parse(File.ReadAllText(path).Trim(), CultureInfo.InvariantCulture) : 0;
    }

    public IEnumerable<(ObjectKey Key, JsonObject Object)> LoadAll()
    {
        foreach (var groupDir in Directory.EnumerateDirectories(root))
        {
            var group = Path.GetFileName(groupDir) == "core" ? "" : Path.GetFileName(groupDir);
            foreach (var resourceDir in Directory.EnumerateDirectories(groupDir))
            {
                foreach (var scopeDir in Directory.EnumerateDirectories(resourceDir))
                {
                    var ns = Path.GetFileName(scopeDir) == ClusterScope ? "" : Path.GetFileName(scopeDir);
                    foreach (var file in Directory.EnumerateFiles(scopeDir, "*.json"))
                    {
                        var obj = JsonNode.Parse(File.ReadAllText(file)) as JsonObject
                            ?? throw new InvalidDataException($"{file} does not hold a JSON object");
                        var key = new ObjectKey(group, Path.GetFileName(resourceDir), ns, Path.GetFileNameWithoutExtension(file));
                        yield return (key, obj);
                    }
                }
            }
        }
    }

    private void SaveCounter(long version) =>
        WriteAtomically(Path.Combine(root, CounterFile), version.ToString(CultureInfo.InvariantCulture));

    private string PathOf(ObjectKey key) => Path.Combine(
        root,
        key.Group.Length == 0 ? "core" : key.Group,
        key.Resource,
        key.Namespace.Length == 0 ? ClusterScope : key.Namespace,
        key.Name + ".json");

    private static void WriteAtomically(string path, string content)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, content);
        File.Move(temporary, path, overwrite: true);
    }
}
