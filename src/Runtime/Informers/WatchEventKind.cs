namespace Multi.Runtime.Informers;

public enum WatchEventKind
{
    Added,
    Modified,
    Deleted,
    Bookmark,
}
