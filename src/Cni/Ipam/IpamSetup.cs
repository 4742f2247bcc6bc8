namespace Multi.Cni.Ipam;

/// <summary>
/// <c>multi-ipam init-journal [dir]</c>: node setup (an installer, a DaemonSet's init container, the sandbox) creates the node's
/// journal before the first ADD, so that a missing record proves "no earlier attempt" from the start instead of after the
/// plugin's 10-minute fallback window (docs/ipam.md): the marker, and every shard with the header <c>#0 start</c>.
/// Idempotent; never touches an existing journal.
/// </summary>
internal static class IpamSetup
{
    public const string InitJournalCommand = "init-journal";

    public static int InitJournal(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Count > 2)
        {
            stderr.WriteLine($"usage: multi-ipam {InitJournalCommand} [directory]   (default {IpamJournal.DefaultDirectory})");
            return 2;
        }

        var directory = args.Count == 2 ? args[1] : IpamJournal.DefaultDirectory;
        if (!Path.IsPathFullyQualified(directory))
        {
            stderr.WriteLine($"multi-ipam {InitJournalCommand}: the journal directory must be an absolute path, not \"{directory}\"");
            return 2;
        }

        try
        {
            var created = IpamJournal.Initialize(directory);
            stdout.WriteLine(created ? $"journal {directory} set up" : $"journal {directory} already exists; left as it is");
            return 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"multi-ipam {InitJournalCommand}: cannot set up the journal in {directory}: {ex.Message}");
            return 1;
        }
    }
}
