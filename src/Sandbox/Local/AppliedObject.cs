namespace Multi.Sandbox.Local;

/// <summary>An object a manifest created (or found already there); <see cref="Namespace"/> is null for cluster-scoped kinds.</summary>
internal sealed record AppliedObject(string Kind, string? Namespace, string Name)
{
    public override string ToString() => Namespace is null ? $"{Kind} {Name}" : $"{Kind} {Namespace}/{Name}";
}
