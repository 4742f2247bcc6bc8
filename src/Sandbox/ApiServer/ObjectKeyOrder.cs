namespace Multi.Sandbox.ApiServer;

/// <summary>The order of a list (and of its pages): namespace, then name, ordinal; keys of one resource only.</summary>
internal sealed class ObjectKeyOrder : IComparer<ObjectKey>
{
    public static ObjectKeyOrder Instance { get; } = new();

    public int Compare(ObjectKey? x, ObjectKey? y)
    {
        var order = string.CompareOrdinal(x?.Namespace, y?.Namespace);
        return order != 0 ? order : string.CompareOrdinal(x?.Name, y?.Name);
    }
}
