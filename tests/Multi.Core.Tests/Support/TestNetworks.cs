using Multi.Core.Delegates;

namespace Multi.Core.Tests.Support;

internal static class TestNetworks
{
    public static NetworkConfigList Make(string name, string version = "1.1.0", bool disableGc = false, string type = "bridge") =>
        new(name, version, [TestJson.Obj($$"""{"type":"{{type}}"}""")], DisableGc: disableGc);
}
