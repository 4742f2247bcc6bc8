namespace Multi.Sandbox.ApiServer;

/// <summary>The resources the server serves: the built-in ones and those registered by CustomResourceDefinitions.</summary>
internal sealed class ResourceRegistry
{
    public const string CrdGroup = BuiltInResources.CrdGroup;
    public const string CrdResource = BuiltInResources.CrdResource;

    private readonly Lock gate = new();
    private readonly Dictionary<string, List<ResourceType>> byCrd = new(StringComparer.Ordinal);

    public ResourceType? Find(string group, string version, string plural)
    {
        foreach (var type in All())
        {
            if (type.Group == group && type.Version == version && type.Plural == plural)
                return type;
        }

        return null;
    }

    public IReadOnlyList<ResourceType> All()
    {
        lock (gate)
            return [.. BuiltInResources.Types, .. byCrd.Values.SelectMany(t => t)];
    }

    public IReadOnlyList<ResourceType> InGroupVersion(string group, string version) =>
        All().Where(t => t.Group == group && t.Version == version).ToList();

    /// <summary>Groups (other than the core group) with their versions, in registration order.</summary>
    public IReadOnlyList<(string Group, IReadOnlyList<string> Versions)> Groups() =>
        All().Where(t => t.Group.Length > 0)
            .GroupBy(t => t.Group, StringComparer.Ordinal)
            .Select(g => (g.Key, (IReadOnlyList<string>)g.Select(t => t.Version).Distinct(StringComparer.Ordinal).ToList()))
            .ToList();

    public void Register(string crdName, IReadOnlyList<ResourceType> types)
    {
        lock (gate)
            byCrd[crdName] = [.. types];
    }

    public IReadOnlyList<ResourceType> Unregister(string crdName)
    {
        lock (gate)
            return byCrd.Remove(crdName, out var types) ? types : [];
    }
}
