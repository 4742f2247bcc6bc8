namespace Multi.Operator.NodeAgent.HostLinks;

/// <summary>A host-link transaction failed and was rolled back (already reported in status and events): the queue retries it with backoff.</summary>
internal sealed class HostLinkTransactionException : Exception
{
    public HostLinkTransactionException()
    {
    }

    public HostLinkTransactionException(string message)
        : base(message)
    {
    }

    public HostLinkTransactionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
