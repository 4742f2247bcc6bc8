namespace Multi.Runtime.Informers;

/// <summary>A full list of a resource and the resourceVersion to watch from.</summary>
public sealed record ListResult<T>(IReadOnlyList<T> Items, string ResourceVersion);
