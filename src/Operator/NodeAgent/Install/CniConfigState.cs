namespace Multi.Operator.NodeAgent.Install;

internal enum CniConfigState
{
    /// <summary>00-multi.conflist wraps the primary (written now or already up to date).</summary>
    Wrapped,

    /// <summary>No primary configuration: 00-multi.conflist is absent (removed if it was there).</summary>
    NoPrimary,

    /// <summary>The primary exists but the readiness indicator file does not: nothing new is written.</summary>
    WaitingForReadiness,

    /// <summary>The file that would be the primary is malformed: it is never wrapped, and an existing 00-multi.conflist is left as it is.</summary>
    MalformedPrimary,
}
