using k8s;

namespace Multi.Operator.Entities;

/// <summary>Makes <see cref="k8s.KubernetesJson"/> resolve the operator's types from <see cref="EntityJsonContext"/>.</summary>
internal static class KubernetesJsonTypes
{
    /// <summary>
    /// Call once at process start, before anything is serialized: the client's options become read-only on first use.
    /// Options already in use (a test host that serialized before) are left as they are; reflection serves them there.
    /// </summary>
    public static void Register() =>
        KubernetesJson.AddJsonOptions(options =>
        {
            if (!options.IsReadOnly && !options.TypeInfoResolverChain.Contains(EntityJsonContext.Default))
            {
                options.TypeInfoResolverChain.Insert(0, EntityJsonContext.Default);
            }
        });
}
