using System.Net;
using CsCheck;
using Multi.Core.Ipam;
using Xunit;

namespace Multi.Core.Tests.Ipam;

/// <summary>Random pools and random request/release sequences against a simulated API store (create-if-absent by name).</summary>
public sealed class IpAllocatorPropertyTests
{
    private static readonly IpAllocatorOptions Unbounded = new() { MaxAttempts = int.MaxValue };

    /// <summary>Small pools (at most 1024 addresses in the CIDR) that can be enumerated by the oracle.</summary>
    private static readonly Gen<PoolCase> SmallPool = Gen.Select(Gen.Bool, Gen.Int[0, 10], Gen.Int, PoolCase.Create);

    /// <summary>Large pools, up to an IPv6 /48 and an IPv4 /8.</summary>
    private static readonly Gen<PoolCase> LargePool = Gen.Bool.SelectMany(v6 => Gen.Select(Gen.Const(v6), Gen.Int[11, v6 ? 80 : 24], Gen.Int, PoolCase.Create));

    private static readonly Gen<int[]> Ops = Gen.Int[0, 99].Array[0, 200];

    [Fact]
    public void Create_RandomSmallPool_CapacityAndAddressesMatchOracle()
    {
        SmallPool.Sample(
            pool =>
            {
                var expected = pool.Enumerate();
                var layout = IpPoolLayout.Create("p", pool.Spec);

                Assert.Equal(expected.Count > 0, layout.IsOk);
                if (layout.IsOk)
                {
                    Assert.Equal((UInt128)expected.Count, layout.Value.Capacity);
                    Assert.Equal(expected, Enumerable.Range(0, expected.Count).Select(i => layout.Value.AddressAt((UInt128)i)));
                    Assert.All(expected, a => Assert.True(layout.Value.TryIndexOf(a, out var i) && layout.Value.AddressAt(i).Equals(a)));
                }
            },
            iter: 1500);
    }

    [Fact]
    public void Next_RandomOpsOnSmallPool_StaysInPoolUniqueAndExhaustsExactlyWhenFull()
    {
        Gen.Select(SmallPool, Ops, Gen.Int).Sample(
            (pool, ops, seed) =>
            {
                if (IpPoolLayout.Create("p", pool.Spec) is not { IsOk: true } created)
                {
                    return;
                }

                var sim = new Simulation(created.Value, pool, allocators: 1, seed);
                foreach (var op in ops)
                {
                    sim.Step(op);
                }

                sim.FillUntilExhausted();
                Assert.Equal(pool.Enumerate().ToHashSet(), sim.LiveAddresses.ToHashSet());
            },
            iter: 600);
    }

    [Fact]
    public void Next_RacingAllocatorsWithStaleViews_NeverDuplicateAndExhaustOnlyWhenFull()
    {
        Gen.Select(SmallPool, Ops, Gen.Int[2, 6], Gen.Int).Sample(
            (pool, ops, allocators, seed) =>
            {
                if (IpPoolLayout.Create("p", pool.Spec) is not { IsOk: true } created)
                {
                    return;
                }

                var sim = new Simulation(created.Value, pool, allocators, seed);
                foreach (var op in ops)
                {
                    sim.Step(op);
                }

                sim.FillUntilExhausted();
                Assert.Equal(pool.Enumerate().Count, sim.LiveAddresses.Count);
            },
            iter: 400);
    }

    [Fact]
    public void Next_RandomOpsOnLargePool_StaysInPoolAndUnique()
    {
        Gen.Select(LargePool, Ops, Gen.Int[1, 4], Gen.Int).Sample(
            (pool, ops, allocators, seed) =>
            {
                if (IpPoolLayout.Create("p", pool.Spec) is not { IsOk: true } created)
                {
                    return;
                }

                var sim = new Simulation(created.Value, pool, allocators, seed);
                foreach (var op in ops)
                {
                    sim.Step(op);
                }
            },
            iter: 300);
    }

    /// <summary>
    /// Several allocators, each with its own view, racing on one store. A view learns an address is taken only from its own
    /// successes, from AlreadyExists, or from a consistent re-read; releases by others leave it stale.
    /// </summary>
    private sealed class Simulation(IpPoolLayout layout, PoolCase pool, int allocators, int seed)
    {
        private readonly Dictionary<string, IPAddress> store = new(StringComparer.Ordinal);
        private readonly IpPoolOccupancy[] views = [.. Enumerable.Range(0, allocators).Select(_ => new IpPoolOccupancy(layout))];
        private readonly Random random = new(seed);

        public List<IPAddress> LiveAddresses => [.. store.Values];

        public void Step(int op)
        {
            if (op < 60 || store.Count == 0)
            {
                Allocate(random.Next(views.Length), preferred: null);
                return;
            }

            var (name, address) = store.ElementAt(random.Next(store.Count));
            store.Remove(name);
            var releaser = random.Next(views.Length);
            views[releaser].MarkFree(address);
            if (op >= 90)
            {
                // Released addresses are allocatable again: a sticky request by the releaser's view gets it back.
                Assert.Equal(address, Allocate(releaser, address));
            }
        }

        public void FillUntilExhausted()
        {
            while (Allocate(random.Next(views.Length), preferred: null) is not null)
            {
            }
        }

        /// <summary>One ADD: candidates until a create succeeds; on exhaustion of the view, one consistent re-read.</summary>
        private IPAddress? Allocate(int who, IPAddress? preferred)
        {
            var view = views[who];
            var reread = false;
            for (var attempt = 0; ; attempt++)
            {
                var next = IpAllocator.Next(view, random, attempt, preferred, Unbounded);
                if (!next.IsOk)
                {
                    Assert.Equal(120u, next.Error.Code);
                    if (reread)
                    {
                        Assert.Equal(layout.Capacity, (UInt128)store.Count);
                        Assert.Equal($"pool p exhausted (capacity {layout.Capacity})", next.Error.Msg);
                        return null;
                    }

                    view = views[who] = Reread();
                    reread = true;
                    continue;
                }

                var candidate = next.Value;
                Assert.True(pool.IsAllocatable(candidate.Address), $"{candidate.Text} is not allocatable in {pool.Spec.Cidr}");
                Assert.True(IpAllocationName.TryParse(candidate.AllocationName, out var poolName, out var back) && poolName == "p" && back.Equals(candidate.Address));
                view.MarkTaken(candidate.Address);
                if (store.TryAdd(candidate.AllocationName, candidate.Address))
                {
                    Assert.DoesNotContain(store, e => e.Key != candidate.AllocationName && e.Value.Equals(candidate.Address));
                    return candidate.Address;
                }
            }
        }

        private IpPoolOccupancy Reread()
        {
            var fresh = new IpPoolOccupancy(layout);
            foreach (var address in store.Values)
            {
                fresh.MarkTaken(address);
            }

            return fresh;
        }
    }
}
