namespace Multi.Core.Ipam;

/// <summary>The DNS settings put in results (the CNI <c>dns</c> object).</summary>
public sealed record IpDnsSpec
{
    public IReadOnlyList<string> Nameservers { get; init; } = [];

    public string? Domain { get; init; }

    public IReadOnlyList<string> Search { get; init; } = [];

    public IReadOnlyList<string> Options { get; init; } = [];
}
