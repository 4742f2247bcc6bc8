namespace Multi.Cli.Kube;

/// <summary>Whether a claim's owner pod still holds it: the pod with the claim's namespace, name and UID, not terminal.</summary>
internal enum OwnerState
{
    Live,
    Gone,
    OtherUid,
    Terminal,
}
