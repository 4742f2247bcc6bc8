namespace Multi.Runtime.Informers;

/// <summary>A watch answered 410 Gone / Expired: the version asked for is too old, the informer must list again.</summary>
public sealed class ResourceExpiredException : Exception
{
    public ResourceExpiredException()
        : base("the resource version is too old (410 Gone)")
    {
    }

    public ResourceExpiredException(string message)
        : base(message)
    {
    }

    public ResourceExpiredException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
