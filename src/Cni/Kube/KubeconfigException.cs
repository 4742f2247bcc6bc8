namespace Multi.Cni.Kube;

/// <summary>A kubeconfig that cannot be used; the message names the file and what is wrong with it.</summary>
internal sealed class KubeconfigException : Exception
{
    public KubeconfigException()
    {
    }

    public KubeconfigException(string message) : base(message)
    {
    }

    public KubeconfigException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
