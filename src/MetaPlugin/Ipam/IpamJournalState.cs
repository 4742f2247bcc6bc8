namespace Multi.MetaPlugin.Ipam;

/// <summary>See <see cref="IpamJournalRecord"/>.</summary>
internal enum IpamJournalState
{
    Intent,
    Committed,
    Unreadable,
    Releasing,
}
