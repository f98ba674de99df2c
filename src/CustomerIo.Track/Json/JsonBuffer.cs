using System;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CustomerIo.Track.Json
{
    /// <summary>
    /// A reusable in-memory UTF-8 JSON writer. Non-ASCII text is written as UTF-8, not \u escapes,
    /// as JSON.stringify does, so sizes match what the service counts.
    /// </summary>
    internal sealed class JsonBuffer : IDisposable
    {
        private static readonly JsonWriterOptions Options = new JsonWriterOptions
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            Indented = false,
        };

        [ThreadStatic] private static JsonBuffer _cached;

        private readonly MemoryStream _stream = new MemoryStream(1024);
        private bool _rented;

        private JsonBuffer()
        {
            Writer = new Utf8JsonWriter(_stream, Options);
            Values = new JsonValueWriter(Writer);
        }

        public Utf8JsonWriter Writer { get; }

        public JsonValueWriter Values { get; }

        /// <summary>Bytes written so far (flushed or not).</summary>
        public long Position => Writer.BytesCommitted + Writer.BytesPending;

        /// <summary>A cleared buffer for this thread; Dispose returns it.</summary>
        public static JsonBuffer Rent()
        {
            var buffer = _cached;
            if (buffer == null || buffer._rented) buffer = new JsonBuffer();
            else _cached = null;
            buffer._rented = true;
            buffer._stream.SetLength(0);
            buffer.Writer.Reset(buffer._stream);
            return buffer;
        }

        public byte[] ToArray()
        {
            Writer.Flush();
            return _stream.ToArray();
        }

        public void Dispose()
        {
            _rented = false;
            if (_stream.Capacity <= 1 << 20) _cached = this;
        }
    }
}
