namespace Multi.Core.Cni;

/// <summary>Carries a <see cref="CniError"/> through layers that cannot return it as a value.</summary>
public sealed class CniException(CniError error) : Exception(error.Msg)
{
    public CniError Error { get; } = error;

    public CniException(uint code, string msg, string? details = null) : this(new CniError(code, msg, details))
    {
    }
}
