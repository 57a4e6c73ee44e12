"""LaTeX projects for the sample corpus, tests and benches: a small paper as an arXiv-style source archive
(main file, an ``\\input`` section, a ``.bbl`` bibliography, a figure), and one that does not compile.

Archives are reproducible: members are sorted, dated 2024-01-01 and owned by nobody, and the gzip
header carries no time, so the same call gives the same bytes.
"""

from __future__ import annotations

import gzip
import io
import tarfile

MAIN = r"""\documentclass[a5paper,11pt]{article}
\usepackage{amsmath}
\usepackage{graphicx}
% a macro the paper uses in its equations
\newcommand{\energy}{\mathcal{E}}
\newcommand{\vect}[1]{\mathbf{#1}}
\pagestyle{plain}

\begin{document}

\title{Heat Flow in Thin Plates}
\author{Ada Lindqvist}
\date{}
\maketitle

\section{Introduction}
\label{sec:intro}
Heat moves through a thin plate from the warm edge to the cold one.
The rate depends on the material, on the thickness of the plate and on the difference in temperature.
In this note we derive the steady state and compare it with measurements from a small laboratory rig
\cite{fourier1822}.

We write $T(x, y)$ for the temperature at a point of the plate and $k$ for its conductivity.
The energy stored in the plate, $\energy$, changes only where heat enters or leaves.

\input{sections/model}

\section{Measurements}
\label{sec:measure}
We heated one edge of four plates and read the temperature at the centre after one hour.
Table~\ref{tab:plates} lists the results, and Figure~\ref{fig:profile} shows the profile along one plate.

\begin{table}[h]
\centering
\caption{Centre temperature of four plates after one hour.}
\label{tab:plates}
\begin{tabular}{lrr}
\hline
Plate & Thickness (mm) & Centre ($^\circ$C) \\
\hline
Copper & 2 & 61.5 \\
Aluminium & 2 & 58.2 \\
Steel & 3 & 44.9 \\
Glass & 4 & 31.0 \\
\hline
\end{tabular}
\end{table}

\begin{figure}[h]
\centering
\includegraphics[width=0.8\textwidth]{figures/profile.png}
\caption{Temperature profile along the copper plate.}
\label{fig:profile}
\end{figure}

The copper plate came closest to the steady state of Equation~\eqref{eq:steady}, as its conductivity is the
highest of the four; glass, the poorest conductor, was still far from it after an hour \cite{carslaw1959}.

\section{Conclusion}
A simple model of the steady state explains most of what the measurements show.
Thicker plates and poorer conductors take longer to settle, which the time constant $\tau = L^2 / \alpha$
predicts, where $\alpha$ is the thermal diffusivity.

\bibliographystyle{plain}
\bibliography{refs}

\end{document}
"""

MODEL = r"""\section{Model}
\label{sec:model}
In the steady state nothing changes with time, so the heat that enters a small square of the plate
leaves it again through its other sides.
Writing this balance for every square and letting the squares shrink gives Laplace's equation
\begin{equation}
\label{eq:steady}
\frac{\partial^2 T}{\partial x^2} + \frac{\partial^2 T}{\partial y^2} = 0 ,
\end{equation}
which holds at every inner point of the plate.
Its solutions are smooth: the temperature at a point is the mean of the temperatures on any circle around it,
so the hottest and the coldest points lie on the edges.
The flux of heat is the vector $\vect{q} = -k \nabla T$, and the total energy of the plate is
$$\energy = \rho c \int_0^L \int_0^W T(x, y) \, dy \, dx .$$
For a plate held at $T_1$ on one edge and $T_0$ on the opposite edge, with the other two edges insulated,
the solution is a straight line between the two temperatures, $T(x) = T_0 + (T_1 - T_0) x / L$.
This is the profile we expect to measure in Section~\ref{sec:measure}.
The gradient is the same everywhere along the plate, and so is the flux, which is why a thin plate with
insulated sides behaves like a rod.
When the sides are not insulated, heat also leaves through the faces of the plate, and the profile bends
towards the temperature of the room; the bending is stronger for thin plates and poor conductors.
A full treatment of this case needs a second term in the balance, proportional to the difference between the
local temperature and the room, and it leads to a profile made of hyperbolic cosines instead of a line.
We keep to the insulated case here, which the rig was built to approximate, and leave the general one
to a later note.
Among the many textbook treatments of the subject the classic ones remain the clearest, and the notation of
this section follows them closely.
"""

BBL = r"""\begin{thebibliography}{1}

\bibitem{carslaw1959}
H.~S. Carslaw and J.~C. Jaeger.
\newblock {\em Conduction of Heat in Solids}.
\newblock Oxford University Press, 1959.

\bibitem{fourier1822}
J.~Fourier.
\newblock {\em The Analytical Theory of Heat}.
\newblock Cambridge University Press, 1878.

\end{thebibliography}
"""

BROKEN = r"""\documentclass{article}
\begin{document}
\section{Unfinished}
This paper uses a macro it never defines: \undefinedmacro{x}.
\end{document}
"""


def make_archive(files: dict[str, bytes], single_tex: bool = False) -> bytes:
    """A ``.tar.gz`` of ``files`` (path -> bytes), or with ``single_tex`` the gzip of the one file."""
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", mtime=0) as gz:
        if single_tex:
            (data,) = files.values()
            gz.write(data)
        else:
            with tarfile.open(fileobj=gz, mode="w", format=tarfile.USTAR_FORMAT) as tar:
                for name, data in sorted(files.items()):
                    info = tarfile.TarInfo(name)
                    info.size, info.mtime, info.mode = len(data), 1704067200, 0o644
                    tar.addfile(info, io.BytesIO(data))
    return out.getvalue()


def paper_files() -> dict[str, bytes]:
    """The sample paper's project: main file, an input section, the bibliography and the figure."""
    from samples.make_samples import chart_png

    return {"paper.tex": MAIN.encode(), "sections/model.tex": MODEL.encode(), "paper.bbl": BBL.encode(),
            "figures/profile.png": chart_png(seed=2)}


def latex_files() -> dict[str, bytes]:
    """The bundled LaTeX inputs: the paper as an arXiv source archive, and a source that does not compile."""
    return {"latex/heat_flow.tar.gz": make_archive(paper_files()),
            "latex/unfinished.tex.gz": make_archive({"unfinished.tex": BROKEN.encode()}, single_tex=True)}
