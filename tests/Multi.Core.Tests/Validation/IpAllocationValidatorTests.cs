using Multi.Core.Ipam;
using Multi.Core.Validation;
using Xunit;

namespace Multi.Core.Tests.Validation;

public sealed class IpAllocationValidatorTests
{
    private static readonly IpAllocationValidator Validator = new();

    private static readonly IpAllocationOwner Owner = new("default", "web-0", "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0", "0123abcd", "net1", "node-a.example");

    [Theory]
    [InlineData("blue", "10.0.0.5")]
    [InlineData("v6-pool", "2001:db8::5")]
    [InlineData("v6-pool", "::")]
    public void Validate_Valid_NoErrors(string pool, string address) =>
        Assert.Empty(Validator.Validate(new IpAllocationSpec(pool, address, Owner)).Errors);

    [Theory]
    [InlineData("Blue", "10.0.0.5", "pool", "pool \"Blue\" is not a DNS-1123 label (lower-case alphanumerics and '-', at most 63)")]
    [InlineData("blue.green", "10.0.0.5", "pool", "pool \"blue.green\" is not a DNS-1123 label (lower-case alphanumerics and '-', at most 63)")]
    [InlineData("", "10.0.0.5", "pool", "pool \"\" is not a DNS-1123 label (lower-case alphanumerics and '-', at most 63)")]
    [InlineData("blue", "2001:DB8::5", "address", "address \"2001:DB8::5\" is not canonical; write 2001:db8::5")]
    [InlineData("blue", "2001:db8:0:0::5", "address", "address \"2001:db8:0:0::5\" is not canonical; write 2001:db8::5")]
    [InlineData("blue", "10.0.0.5/24", "address", "address \"10.0.0.5/24\" is not an IP address")]
    [InlineData("blue", "::ffff:10.0.0.5", "address", "address \"::ffff:10.0.0.5\" is not an IP address")]
    [InlineData("blue", "", "address", "address \"\" is not an IP address")]
    public void Validate_BadPoolOrAddress_NamesFieldAndValue(string pool, string address, string property, string message)
    {
        var error = Assert.Single(Validator.Validate(new IpAllocationSpec(pool, address, Owner)).Errors);

        Assert.Equal(property, error.PropertyName);
        Assert.Equal(message, error.ErrorMessage);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("dynamic")]
    [InlineData("static")]
    [InlineData("sticky")]
    public void Validate_AbsentOrKnownKind_NoErrors(string? kind) =>
        Assert.Empty(Validator.Validate(new IpAllocationSpec("blue", "10.0.0.5", Owner, kind)).Errors);

    [Theory]
    [InlineData("", "", "", "", "", "node-a", null)]
    [InlineData("", "", "", "", "", "Node_A", "owner.node \"Node_A\" is not a DNS-1123 subdomain")]
    [InlineData("", "", "", "", "", "", "owner.node \"\" is not a DNS-1123 subdomain")]
    [InlineData("default", "web", "", "", "", "node-a", "a node-reserved claim belongs to its node alone: owner.podNamespace, podName, podUid, containerId and interface must be empty")]
    [InlineData("", "", "", "c1", "net1", "node-a", "a node-reserved claim belongs to its node alone: owner.podNamespace, podName, podUid, containerId and interface must be empty")]
    public void Validate_NodeReserved_OnlyTheNodeIsSet(string ns, string pod, string uid, string container, string ifName, string node, string? error)
    {
        var errors = Validator.Validate(new IpAllocationSpec("blue", "10.0.0.5", new IpAllocationOwner(ns, pod, uid, container, ifName, node), IpAllocationKinds.NodeReserved)).Errors;

        Assert.Equal(error is null ? [] : [error], errors.Select(e => e.ErrorMessage));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Dynamic")]
    [InlineData("reserved")]
    public void Validate_UnknownKind_NamesTheKinds(string kind)
    {
        var error = Assert.Single(Validator.Validate(new IpAllocationSpec("blue", "10.0.0.5", Owner, kind)).Errors);

        Assert.Equal("kind", error.PropertyName);
        Assert.Equal($"kind \"{kind}\" is not one of dynamic, static, sticky, node-reserved", error.ErrorMessage);
    }

    [Theory]
    [InlineData("podNamespace", "Default", "owner.podNamespace \"Default\" is not a DNS-1123 label")]
    [InlineData("podName", "", "owner.podName \"\" is not a DNS-1123 subdomain")]
    [InlineData("podUid", "web-0", "owner.podUid \"web-0\" is not a UID (8-4-4-4-12 hex digits)")]
    [InlineData("containerId", "", "owner.containerId \"\" must be non-empty alphanumerics, '_', '.' or '-'")]
    [InlineData("containerId", "abc/def", "owner.containerId \"abc/def\" must be non-empty alphanumerics, '_', '.' or '-'")]
    [InlineData("interface", "", "owner.interface \"\" is not an interface name (1-15 characters, no '/', ':' or spaces, not . or ..)")]
    [InlineData("interface", "averyverylongname", "owner.interface \"averyverylongname\" is not an interface name (1-15 characters, no '/', ':' or spaces, not . or ..)")]
    [InlineData("interface", "..", "owner.interface \"..\" is not an interface name (1-15 characters, no '/', ':' or spaces, not . or ..)")]
    [InlineData("node", "", "owner.node \"\" is not a DNS-1123 subdomain")]
    public void Validate_BadOwnerField_NamesFieldAndValue(string field, string value, string message)
    {
        var owner = field switch
        {
            "podNamespace" => Owner with { PodNamespace = value },
            "podName" => Owner with { PodName = value },
            "podUid" => Owner with { PodUid = value },
            "containerId" => Owner with { ContainerId = value },
            "interface" => Owner with { Interface = value },
            _ => Owner with { Node = value },
        };

        var error = Assert.Single(Validator.Validate(new IpAllocationSpec("blue", "10.0.0.5", owner)).Errors);

        Assert.Equal($"owner.{field}", error.PropertyName);
        Assert.Equal(message, error.ErrorMessage);
    }

    [Fact]
    public void Validate_NoOwner_OwnerRequired()
    {
        var error = Assert.Single(Validator.Validate(new IpAllocationSpec("blue", "10.0.0.5", null!)).Errors);

        Assert.Equal("owner is required", error.ErrorMessage);
    }
}
