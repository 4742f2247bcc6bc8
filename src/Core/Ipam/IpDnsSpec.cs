namespace Multi.Core.Ipam;

/// <summary>
/// The DNS settings put in results (the CNI <c>dns</c> object). The lists take null as empty: source-generated JSON (the
/// NativeAOT operator) sets an absent init-only member to null rather than leaving its initializer.
/// </summary>
public sealed record IpDnsSpec
{
    public IReadOnlyList<string> Nameservers { get; init => field = value ?? []; } = [];

    public string? Domain { get; init; }

    public IReadOnlyList<string> Search { get; init => field = value ?? []; } = [];

    public IReadOnlyList<string> Options { get; init => field = value ?? []; } = [];
}
