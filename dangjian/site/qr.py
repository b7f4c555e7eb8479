"""A QR code's SVG, byte for byte as segno draws it (sharing.py), in a fraction of the time.

segno builds every symbol from nothing: an empty matrix, the finder, timing and
alignment patterns, the codewords placed module by module, the mask applied module by
module, then an SVG path from a run-length walk over the modules. A site's QR codes are
almost all of one or two versions. Here what depends only on the version, the error
level and the mask is made once with segno's own functions (the function patterns, the
format and version information, the encoding region in placement order and the mask's
bit at each of its modules); a code is then its message's bits XOR the mask's, put at
those modules in one step, and the SVG's path is written from each row's runs of dark
modules.

The message is made as segno makes it (byte mode, the smallest version, the error level
raised while the version stays, its terminator and padding, Reed-Solomon blocks
interleaved); tests/site/test_qr.py compares whole SVGs with segno's over many
addresses and settings. Content segno would not encode in byte mode as ISO 8859-1
(digits only, or only capitals and a few signs, or non-ASCII text), masks segno is to
choose (None) and scale 1 are left to segno: svg() returns None.
"""

import re
from functools import lru_cache
from itertools import zip_longest
from operator import itemgetter

from segno import consts, encoder

_DARK_RUNS = re.compile(rb"\x01+")
_BITS = [format(byte, "08b") for byte in range(256)]
_TO_MODULES = bytes.maketrans(b"01", b"\x00\x01")
_ALPHANUMERIC = frozenset(consts.ALPHANUMERIC_CHARS.decode("ascii"))
_BORDER = 4  # the quiet zone segno draws around a QR code by default
_PAD = "1110110000010001"  # the pad codewords 0xEC and 0x11, in turn
# A run of dark modules after another in the same row: _ALONG[gap][length], as segno writes it
_ALONG_MAX = 48
_ALONG = [[f"m{gap} 0h{length}" for length in range(_ALONG_MAX)] for gap in range(_ALONG_MAX)]


def svg(content, error, mask, scale, svgclass):
    """The inline SVG of segno.make(content, error=error, mask=mask, micro=False)
    .svg_inline(scale=scale, dark="#000", light="#fff", svgclass=svgclass,
    lineclass=None, omitsize=True), or None where this module leaves it to segno."""
    if not isinstance(scale, int) or scale < 2:
        return None
    rows = matrix(content, error, mask)
    if rows is None:
        return None
    path, x, y = [], None, 0
    for number, row in enumerate(rows):
        for run in _DARK_RUNS.finditer(row):
            start, end = run.span()
            if x is None:  # the first run: where the path starts (y at the module's middle)
                path.append(f"M{_BORDER + start} {_BORDER + number}.5h{end - start}")
            elif y == number and start - x < _ALONG_MAX and end - start < _ALONG_MAX:
                path.append(_ALONG[start - x][end - start])  # the most common move
            else:
                path.append(f"m{start - x} {number - y}h{end - start}")
            x, y = end, number
    modules = len(rows) + 2 * _BORDER
    background = f'<path fill="#fff" d="M0 0h{modules}v{modules}h-{modules}z"/>'
    dark = f'<path stroke="#000" d="{"".join(path)}"/>'
    paths = "".join(sorted([background, dark], key=len))
    named = f' class="{svgclass}"' if svgclass else ""
    width = modules * scale
    return (
        f'<svg viewBox="0 0 {width} {width}"{named}><g transform="scale({scale})">{paths}</g></svg>'
    )


def matrix(content, error, mask):
    """The symbol's rows (bytes of 0 and 1, without the quiet zone) as segno makes them,
    or None where this module leaves the content to segno."""
    if (
        not isinstance(content, str)
        or not content.isascii()
        or content.isdigit()
        or _ALPHANUMERIC.issuperset(content)
        or mask not in range(8)
    ):
        return None
    data = content.encode("ascii")
    error = encoder.normalize_errorlevel(error)
    version, error = _version(len(data), error)
    if version is None:
        return None
    size, places, mask_bits, pick = _template(version, error, mask)
    bits = int(_message(data, version, error), 2) ^ mask_bits
    modules = format(bits, f"0{places}b").encode("ascii").translate(_TO_MODULES)
    flat = bytes(pick(modules))
    return [flat[start : start + size] for start in range(0, size * size, size)]


def _count_bits(version):
    return consts.CHAR_COUNT_INDICATOR_LENGTH[consts.MODE_BYTE][encoder.version_range(version)]


def _version(length, error):
    """The smallest version that holds `length` bytes, and the highest error level that
    still fits it (segno's boost_error), as segno finds them; (None, error) if none does."""
    for version in range(1, 41):
        needed = 4 + _count_bits(version) + 8 * length
        if consts.SYMBOL_CAPACITY[version][error] >= needed:
            break
    else:
        return None, error
    levels = [
        consts.ERROR_LEVEL_L,
        consts.ERROR_LEVEL_M,
        consts.ERROR_LEVEL_Q,
        consts.ERROR_LEVEL_H,
    ]
    for level in levels[levels.index(error) + 1 :]:  # none above H
        if consts.SYMBOL_CAPACITY[version][level] < needed:
            break
        error = level
    return version, error


def _message(data, version, error):
    """The final message, data and error correction codewords interleaved, then the
    remainder bits, as a string of 0s and 1s."""
    capacity = consts.SYMBOL_CAPACITY[version][error]
    bits = "0100" + format(len(data), f"0{_count_bits(version)}b")
    bits += "".join(map(_BITS.__getitem__, data))
    bits += "0" * min(capacity - len(bits), 4)  # the terminator
    bits += "0" * (8 - len(bits) % 8)  # to a whole codeword (segno adds 8 when it is one)
    pads = capacity // 8 - len(bits) // 8
    if pads > 0:
        bits += (_PAD * (pads // 2 + 1))[: 8 * pads]
    codewords = int(bits, 2).to_bytes(len(bits) // 8, "big")
    data_blocks, error_blocks, at = [], [], 0
    log, exp = consts.GALIOS_LOG, consts.GALIOS_EXP
    for info in consts.ECC[version][error]:
        error_words = info.num_total - info.num_data
        generator = consts.GEN_POLY[error_words]
        for _ in range(info.num_blocks):
            block = codewords[at : at + info.num_data]
            at += info.num_data
            data_blocks.append(block)
            remainder = bytearray(block) + bytearray(error_words)
            for k in range(len(block)):
                coefficient = remainder[k]
                if coefficient:
                    base = log[coefficient]
                    for n, power in enumerate(generator, k + 1):
                        remainder[n] ^= exp[base + power]
            error_blocks.append(remainder[len(block) :])
    final = [
        byte
        for blocks in (data_blocks, error_blocks)
        for column in zip_longest(*blocks)
        for byte in column
        if byte is not None
    ]
    return "".join(map(_BITS.__getitem__, final)) + "0" * _REMAINDER_BITS.get(version, 0)


_REMAINDER_BITS = {
    **dict.fromkeys((2, 3, 4, 5, 6), 7),
    **dict.fromkeys((14, 15, 16, 17, 18, 19, 20, 28, 29, 30, 31, 32, 33, 34), 3),
    **dict.fromkeys((21, 22, 23, 24, 25, 26, 27), 4),
}


@lru_cache(maxsize=32)
def _template(version, error, mask):
    """What every symbol of this version, error level and mask shares, made by segno's
    functions: (its size, the number of modules of its encoding region, the mask's bits
    over them in placement order as one number, a function that puts the modules of a
    message, in placement order, into the symbol's other modules, row by row)."""
    size = encoder.calc_matrix_size(version)
    symbol = encoder.make_matrix(size, size)
    encoder.add_finder_patterns(symbol, size, size)
    encoder.add_alignment_patterns(symbol, size, size)
    free = sum(row.count(0x2) for row in symbol)  # add_codewords fills every free module
    recording = _Recording(symbol)
    encoder.add_codewords(recording, _Codewords(free), version)
    places = recording.places  # (row, column) of each bit of the message, in order
    for i, j in places:
        symbol[i][j] = 0
    encoder.add_format_info(symbol, version, error, mask)
    encoder.add_version_info(symbol, version)
    pattern = encoder.get_data_mask_functions(False)[mask]
    mask_bits = int("".join("1" if pattern(i, j) else "0" for i, j in places), 2)
    # pick(message) takes each module from the message where the message has one, else
    # from the function patterns: indexes into message + fixed modules.
    fixed = b"".join(symbol)
    source = {i * size + j: k for k, (i, j) in enumerate(places)}
    indexes = [source.get(at, len(places) + at) for at in range(size * size)]
    take = itemgetter(*indexes)
    return size, len(places), mask_bits, lambda message: take(message + fixed)


class _Codewords:
    """Stands for a message in add_codewords, which asks only its length and bits."""

    def __init__(self, length):
        self.length = length

    def __len__(self):
        return self.length

    def __getitem__(self, index):
        return 0x3


class _Recording:
    """A symbol whose rows note where add_codewords puts each bit of the message."""

    def __init__(self, symbol):
        self.places = []
        self.rows = [_RecordingRow(row, number, self.places) for number, row in enumerate(symbol)]

    def __len__(self):
        return len(self.rows)

    def __getitem__(self, index):
        return self.rows[index]


class _RecordingRow:
    def __init__(self, row, number, places):
        self.row, self.number, self.places = row, number, places

    def __getitem__(self, j):
        return self.row[j]

    def __setitem__(self, j, value):
        self.row[j] = value
        self.places.append((self.number, j))
