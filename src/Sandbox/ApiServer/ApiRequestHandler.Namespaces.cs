using System.Text.Json.Nodes;

namespace Multi.Sandbox.ApiServer;

internal sealed partial class ApiRequestHandler
{
    /// <summary>
    /// Deleting a namespace deletes what is in it (finalizers honoured). The namespace stays, Terminating with a
    /// deletionTimestamp, until its last object is gone, and then disappears like the real namespace controller makes it.
    /// </summary>
    private JsonObject DeleteNamespace(ObjectKey key)
    {
        var terminating = store.Update(key, current =>
        {
            var metadata = ObjectMetadata.Of(current);
            if (!ObjectMetadata.IsDeleting(current))
            {
                metadata["deletionTimestamp"] = Now();
                metadata["finalizers"] = new JsonArray("kubernetes");
            }

            current["status"] = new JsonObject { ["phase"] = "Terminating" };
            return current;
        });
        foreach (var type in registry.All().Where(t => t.Namespaced).DistinctBy(t => (t.Group, t.Plural)))
        {
            foreach (var item in store.List(type.Group, type.Plural, key.Name).Items)
                store.Delete(new ObjectKey(type.Group, type.Plural, key.Name, ObjectMetadata.GetString(item, "name")!), Now());
        }

        return FinishNamespace(key.Name) ?? terminating;
    }

    /// <summary>Removes a terminating namespace once nothing is left in it; returns the removed namespace, if any.</summary>
    private JsonObject? FinishNamespace(string ns)
    {
        var key = new ObjectKey("", "namespaces", "", ns);
        if (ns.Length == 0 || !IsTerminating(key))
            return null;
        if (registry.All().Where(t => t.Namespaced).Any(t => store.List(t.Group, t.Plural, ns).Items.Count > 0))
            return null;
        try
        {
            return store.Update(key, current =>
            {
                ObjectMetadata.Of(current).Remove("finalizers");
                return current;
            });
        }
        catch (ApiException error) when (error.Code == 404)
        {
            return null;
        }
    }

    private bool IsTerminating(ObjectKey namespaceKey)
    {
        try
        {
            return ObjectMetadata.IsDeleting(store.Get(namespaceKey));
        }
        catch (ApiException error) when (error.Code == 404)
        {
            return false;
        }
    }

    private static bool IsNamespace(ResourceType type) => type.Group.Length == 0 && type.Plural == "namespaces";

    /// <summary>Like the real server: nothing new is created in a namespace that is being deleted.</summary>
    private void RefuseTerminatingNamespace(string? ns)
    {
        if (ns is not null && IsTerminating(new ObjectKey("", "namespaces", "", ns)))
            throw new ApiException(403, "Forbidden", $"unable to create new content in namespace {ns} because it is being terminated");
    }
}
