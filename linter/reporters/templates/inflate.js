/* Inflate for the report's packed data: a zlib stream (RFC 1950) holding deflate blocks (RFC 1951),
   decoded in the page so that it needs no browser feature beyond typed arrays. After zlib's puff.c. */
var perflintInflate = (function () {
  "use strict";
  var LBASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
               163, 195, 227, 258];
  var LEXT = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
  var DBASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
               2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
  var DEXT = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
  var ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

  // a canonical Huffman code: how many codes of each length, and the symbols in code order
  function huffman(lengths, n) {
    var count = new Uint16Array(16), offs = new Uint16Array(16), symbol = new Uint16Array(n), i;
    for (i = 0; i < n; i++) count[lengths[i]] += 1;
    count[0] = 0;
    for (i = 1; i < 15; i++) offs[i + 1] = offs[i] + count[i];
    for (i = 0; i < n; i++) if (lengths[i]) symbol[offs[lengths[i]]++] = i;
    return {count: count, symbol: symbol};
  }

  return function inflate(src) {
    var pos = 2, cur = 0, left = 0;               // after the two bytes of the zlib header
    var out = new Uint8Array(Math.max(1024, src.length * 8)), len = 0;
    function bits(n) {
      var v = 0;
      for (var i = 0; i < n; i++) {
        if (!left) {
          if (pos >= src.length) throw new Error("inflate: data ends early");
          cur = src[pos++]; left = 8;
        }
        v |= (cur & 1) << i; cur >>= 1; left -= 1;
      }
      return v;
    }
    function room(n) {
      if (len + n <= out.length) return;
      var bigger = new Uint8Array(Math.max(out.length * 2, len + n));
      bigger.set(out.subarray(0, len));
      out = bigger;
    }
    function decode(h) {
      var code = 0, first = 0, index = 0;
      for (var l = 1; l < 16; l++) {
        code |= bits(1);
        var c = h.count[l];
        if (code - c < first) return h.symbol[index + (code - first)];
        index += c; first += c; first <<= 1; code <<= 1;
      }
      throw new Error("inflate: bad code");
    }
    function codes(lit, dist) {
      for (;;) {
        var sym = decode(lit);
        if (sym < 256) { room(1); out[len++] = sym; continue; }
        if (sym === 256) return;
        sym -= 257;
        var n = LBASE[sym] + bits(LEXT[sym]), d = decode(dist), back = DBASE[d] + bits(DEXT[d]);
        if (back > len) throw new Error("inflate: distance too far");
        room(n);
        for (var k = 0; k < n; k++) { out[len] = out[len - back]; len += 1; }
      }
    }
    function stored() {
      left = 0;
      var n = src[pos] | (src[pos + 1] << 8);
      pos += 4;
      room(n);
      out.set(src.subarray(pos, pos + n), len);
      pos += n; len += n;
    }
    var fixed = null;
    function fixedCodes() {
      if (!fixed) {
        var l = new Uint8Array(288), i;
        for (i = 0; i < 144; i++) l[i] = 8;
        for (; i < 256; i++) l[i] = 9;
        for (; i < 280; i++) l[i] = 7;
        for (; i < 288; i++) l[i] = 8;
        var d = new Uint8Array(30);
        for (i = 0; i < 30; i++) d[i] = 5;
        fixed = [huffman(l, 288), huffman(d, 30)];
      }
      codes(fixed[0], fixed[1]);
    }
    function dynamic() {
      var nlen = bits(5) + 257, ndist = bits(5) + 1, ncode = bits(4) + 4, lengths = new Uint8Array(320), i;
      for (i = 0; i < ncode; i++) lengths[ORDER[i]] = bits(3);
      var lencode = huffman(lengths, 19);
      lengths = new Uint8Array(320);
      for (i = 0; i < nlen + ndist;) {
        var sym = decode(lencode);
        if (sym < 16) { lengths[i++] = sym; continue; }
        var value = 0, repeat;
        if (sym === 16) { value = lengths[i - 1]; repeat = 3 + bits(2); }
        else if (sym === 17) repeat = 3 + bits(3);
        else repeat = 11 + bits(7);
        while (repeat--) lengths[i++] = value;
      }
      codes(huffman(lengths.subarray(0, nlen), nlen), huffman(lengths.subarray(nlen, nlen + ndist), ndist));
    }
    var last;
    do {
      last = bits(1);
      var type = bits(2);
      if (type === 0) stored(); else if (type === 1) fixedCodes(); else if (type === 2) dynamic();
      else throw new Error("inflate: bad block type");
    } while (!last);
    return out.subarray(0, len);
  };
})();
