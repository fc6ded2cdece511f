"""Entry file for `spark-submit`, which wants a Python file: runs the tradeguard command line with its arguments.

    spark-submit [spark options] "$(python -c 'import tradeguard.spark.submit as m; print(m.__file__)')" \\
        spark-screen INPUT OUTPUT --bundle lists.bundle
"""

from __future__ import annotations

import sys

from tradeguard.cli import main

if __name__ == "__main__":
    sys.argv[0] = "tradeguard"
    main()
