namespace Multi.Runtime.Informers;

/// <summary>One change from a watch; a <see cref="WatchEventKind.Bookmark"/> has no object, only a newer version.</summary>
public sealed record WatchEvent<T>(WatchEventKind Kind, T? Object, string ResourceVersion);
