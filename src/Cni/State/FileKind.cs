namespace Multi.Cni.State;

/// <summary>What a path names, as <see cref="CallerFile.Kind"/> sees it.</summary>
internal enum FileKind
{
    Missing,
    Regular,
    Directory,
    Other,
}
