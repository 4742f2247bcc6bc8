namespace Multi.Runtime;

/// <summary>
/// The manager could not renew its lease within the renew deadline: its workers were stopped and
/// <see cref="ControllerManager.RunAsync"/> ends with this, so the process can exit and be restarted (as
/// controller-runtime does) rather than run controllers another instance may be running too.
/// </summary>
public sealed class LeadershipLostException : Exception
{
    public LeadershipLostException()
        : base("leader election lost")
    {
    }

    public LeadershipLostException(string message)
        : base(message)
    {
    }

    public LeadershipLostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
