using System.Threading.Channels;

namespace Multi.Sandbox.ApiServer;

/// <summary>One open watch: the store writes every change of the watched resource into it, in version order.</summary>
internal sealed class WatchSubscription
{
    private readonly Channel<StoredEvent> channel = Channel.CreateUnbounded<StoredEvent>(
        new UnboundedChannelOptions { SingleReader = true });

    public WatchSubscription(string group, string resource)
    {
        Group = group;
        Resource = resource;
    }

    public string Group { get; }

    public string Resource { get; }

    public ChannelReader<StoredEvent> Events => channel.Reader;

    public bool Wants(ObjectKey key) => key.Group == Group && key.Resource == Resource;

    public void Offer(StoredEvent change) => channel.Writer.TryWrite(change);

    public void Complete() => channel.Writer.TryComplete();
}
