namespace Multi.Cni.Ipam;

/// <summary>See <see cref="IpamJournalRecord"/>.</summary>
internal enum IpamJournalState
{
    Intent,
    Committed,
    Unreadable,
    Releasing,
}
