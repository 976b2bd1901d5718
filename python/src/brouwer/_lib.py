"""ctypes bindings to libBrouwerC.so (Sources/BrouwerC/include/brouwer.h). Nothing here computes."""

import ctypes
import os
from ctypes import POINTER, c_char_p, c_double, c_int, c_int32, c_size_t, c_void_p
from pathlib import Path

OK, UNCONVERGED, INPUT, INTERRUPTED = 0, 1, 2, 3


class BrouwerError(Exception):
    """Bad input or a failed computation; the message is the one the brouwer command line prints."""


def _find_library():
    explicit = os.environ.get("BROUWER_LIBRARY")
    if explicit:
        return explicit
    return str(Path(__file__).with_name("libBrouwerC.so"))


lib = ctypes.CDLL(_find_library())

_handle = c_void_p
_text_out = POINTER(c_void_p)  # char ** (read, then freed with brouwer_string_free)


def _declare(name, restype, *argtypes):
    f = getattr(lib, name)
    f.restype = restype
    f.argtypes = list(argtypes)
    return f


string_free = _declare("brouwer_string_free", None, c_void_p)
builtin_names = _declare("brouwer_builtin_names", c_void_p)
material_load = _declare("brouwer_material_load", c_int32, c_char_p, POINTER(_handle), _text_out)
material_from_yaml = _declare("brouwer_material_from_yaml", c_int32, c_char_p, c_char_p, POINTER(_handle), _text_out)
material_free = _declare("brouwer_material_free", None, _handle)
material_yaml = _declare("brouwer_material_yaml", c_void_p, _handle)
material_equations = _declare("brouwer_material_equations", c_void_p, _handle)
material_info = _declare("brouwer_material_info", c_void_p, _handle)
material_set = _declare("brouwer_material_set", c_int32, _handle, c_char_p, POINTER(_handle), _text_out)
material_anneal = _declare("brouwer_material_anneal", c_int32, _handle, c_char_p, c_char_p, POINTER(_handle), _text_out, _text_out)
parse_condition = _declare("brouwer_parse_condition", c_int32, c_char_p, c_char_p, POINTER(c_double), _text_out)
solver_new = _declare("brouwer_solver_new", c_int32, _handle, c_char_p, c_int, c_char_p, POINTER(_handle), _text_out)
solver_free = _declare("brouwer_solver_free", None, _handle)
solver_column_count = _declare("brouwer_solver_column_count", c_size_t, _handle)
solver_headers = _declare("brouwer_solver_headers", c_void_p, _handle)
solver_conditions = _declare("brouwer_solver_conditions", c_void_p, _handle)
solver_solve = _declare("brouwer_solver_solve", c_int32, _handle, c_double, POINTER(c_double), c_size_t,
                        POINTER(c_double), c_size_t, _text_out)
sweep_new = _declare("brouwer_sweep_new", c_int32, _handle, c_char_p, c_char_p, c_char_p, c_char_p, c_char_p, c_char_p,
                     c_int, c_char_p, c_int, POINTER(_handle), _text_out, _text_out)
sweep_free = _declare("brouwer_sweep_free", None, _handle)
sweep_point_count = _declare("brouwer_sweep_point_count", c_size_t, _handle)
sweep_column_count = _declare("brouwer_sweep_column_count", c_size_t, _handle)
sweep_headers = _declare("brouwer_sweep_headers", c_void_p, _handle)
sweep_line_length = _declare("brouwer_sweep_line_length", c_size_t, _handle)
sweep_warnings = _declare("brouwer_sweep_warnings", c_void_p, _handle)
sweep_run = _declare("brouwer_sweep_run", c_int32, _handle, c_size_t, c_size_t, POINTER(c_double), c_size_t,
                     POINTER(c_int32), POINTER(c_size_t), _text_out)
sweep_band = _declare("brouwer_sweep_band", c_int32, _handle, c_double, POINTER(c_double), c_size_t, POINTER(c_double),
                       POINTER(c_double), POINTER(c_int32), _text_out, _text_out)
fit = _declare("brouwer_fit", c_int32, _handle, c_char_p, c_char_p, c_char_p, c_char_p, c_char_p, c_char_p, c_char_p,
               c_char_p, c_char_p, c_char_p, c_char_p, c_char_p, _text_out, _text_out)


def take(pointer):
    """The text of a library-owned string, which is then freed."""
    if not pointer:
        return None
    try:
        return ctypes.string_at(pointer).decode("utf-8")
    finally:
        string_free(pointer)


def encode(text):
    return None if text is None else str(text).encode("utf-8")


def check(status, error, allowed=(OK,)):
    """Raises BrouwerError with the library's message unless `status` is allowed."""
    if status in allowed:
        return status
    message = take(error.value) if error.value else None
    raise BrouwerError(message or f"brouwer: status {status}")
