using CustomerIo.Track.Cmdlets.Completion;

namespace CustomerIo.Track.Cmdlets.Import
{
    /// <summary>utf8, unicode, latin1, ... (the names -Encoding takes).</summary>
    public sealed class EncodingCompleter : ValueSetCompleter
    {
        public EncodingCompleter() : base(EncodingArgumentAttribute.Names) { }
    }
}
