using Multi.Core.Annotations;

namespace Multi.Cni.Netns;

/// <summary>Changes default routes inside a pod's network namespace (npwg-behaviour.md, section 8).</summary>
internal interface IRouteEditor
{
    /// <summary>
    /// Removes every default route of the action's family through <paramref name="ifName"/>, then adds the one via
    /// the action's gateway if it has one. Throws <see cref="Multi.Core.Cni.CniException"/> on failure.
    /// </summary>
    Task ApplyAsync(string netnsPath, string ifName, DefaultRouteAction action, CancellationToken cancellationToken);
}
