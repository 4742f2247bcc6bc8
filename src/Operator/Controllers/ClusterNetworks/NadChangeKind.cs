namespace Multi.Operator.Controllers.ClusterNetworks;

internal enum NadChangeKind
{
    Create,
    Update,
    Delete,

    /// <summary>A NAD of that name exists and was not rendered by this network: reported, never touched.</summary>
    Conflict,
}
